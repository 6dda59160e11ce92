package com.headshotpro.webhooks.transport;

import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.signing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Sends one signed attempt with Apache HttpClient 5: pooled connections, no redirects, no automatic
 * retries, and a DNS resolver that applies the URL policy to the addresses it connects to. Whatever the
 * receiver does, an attempt ends within the request timeout and reads a bounded amount: a response head
 * of at most 16 KiB in all, 1xx interim responses and trailers included ({@link ResponseHeadBudget}),
 * and the first 8 KiB of the body; a longer body is not read, its connection is closed instead of
 * drained. Each request carries the service's own
 * signature headers and the Standard Webhooks ones ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}); a 429 or 503 may say when to try again ({@code Retry-After}). A plain
 * class: the delivery engine makes the one instance ({@code DeliveryConfiguration}), tests make their own.
 */
public class WebhookClient implements AutoCloseable {

    static final int RESPONSE_LIMIT = 8 * 1024;
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    private static final int MAX_TARGETS = 10_000;
    static final String USER_AGENT = "HeadshotPro-Webhooks/" + version();
    /** The contract's {@code application/json}: JSON is UTF-8 by definition (RFC 8259), so no charset. */
    private static final ContentType JSON = ContentType.create("application/json");

    private final UrlPolicy policy;
    private final Clock clock;
    private final long requestTimeoutMillis;
    private final CloseableHttpClient http;
    private final ConcurrentHashMap<String, URI> targets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-deadlines").daemon().factory());

    /**
     * @param connectTimeout TCP and TLS connect timeout
     * @param requestTimeout deadline of a whole request, from connect to the last response byte read
     * @param maxConnections most connections open at once, to all receivers together
     */
    public WebhookClient(
            UrlPolicy policy, Clock clock, Duration connectTimeout, Duration requestTimeout, int maxConnections) {
        this.policy = policy;
        this.clock = clock;
        this.requestTimeoutMillis = requestTimeout.toMillis();
        Timeout timeout = Timeout.ofMilliseconds(requestTimeoutMillis);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setConnectionFactory(BoundedClientConnection.FACTORY)
                        .setDnsResolver(new PolicyDnsResolver(policy))
                        .setMaxConnTotal(maxConnections)
                        // Endpoints and organizations are limited by the dispatcher's lanes; many share a host,
                        // and so a route (every Zapier subscription is on hooks.zapier.com), so the route gets
                        // the full pool.
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout)
                        .setConnectionRequestTimeout(timeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent(USER_AGENT)
                .build();
    }

    /**
     * POSTs the stored body to {@code url}, signed now with {@code secret}. Never throws: every failure
     * is an attempt with an error.
     */
    public Attempt send(int number, String url, String secret, String eventType, UUID eventId, byte[] body) {
        Instant start = clock.instant();
        long started = System.nanoTime();
        HttpPost post;
        try {
            post = new HttpPost(target(url));
        } catch (RuntimeException e) {
            return Attempt.failed(number, start, elapsedMillis(started), describe(e));
        }
        long timestamp = start.getEpochSecond();
        String id = EventPayloads.publicId(eventId);
        try {
            post.setHeader("X-HeadshotPro-Signature", WebhookSigner.sign(secret, timestamp, body));
            post.setHeader("webhook-signature", WebhookSigner.signStandard(secret, id, timestamp, body));
        } catch (IllegalArgumentException e) {
            return Attempt.failed(number, start, elapsedMillis(started), "signing secret is not 64 hex characters");
        }
        post.setHeader("X-HeadshotPro-Timestamp", Long.toString(timestamp));
        post.setHeader("X-HeadshotPro-Event", eventType);
        post.setHeader("X-HeadshotPro-Event-Id", id);
        post.setHeader("webhook-id", id);
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setEntity(new ByteArrayEntity(body, JSON));
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    expired.set(true);
                    post.cancel(); // closes the connection, wherever the exchange is: connect, write or read
                },
                requestTimeoutMillis,
                TimeUnit.MILLISECONDS);
        CloseableHttpResponse response = null;
        try {
            response = CloseableHttpResponse.adapt(http.executeOpen(null, post, null));
            int status = response.getCode();
            Duration retryAfter = status == 429 || status == 503 ? retryAfter(response) : null;
            String head = readHead(response);
            return new Attempt(number, start, elapsedMillis(started), status, null, head, retryAfter);
        } catch (IOException | RuntimeException e) {
            if (response != null) {
                response.close(CloseMode.IMMEDIATE);
            }
            int elapsed = elapsedMillis(started);
            boolean timedOut = expired.get() || elapsed >= requestTimeoutMillis;
            String error = timedOut ? "timeout after " + requestTimeoutMillis + " ms" : describe(e);
            return Attempt.failed(number, start, elapsed, error);
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Reads the first 8 KiB of the body as text and closes the response: a body that ended within them
     * leaves its connection for reuse; a longer one is not read on, its connection is closed at once.
     */
    private static String readHead(CloseableHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            response.close(CloseMode.GRACEFUL);
            return "";
        }
        InputStream content = entity.getContent();
        byte[] head = content.readNBytes(RESPONSE_LIMIT);
        boolean ended = head.length < RESPONSE_LIMIT || content.read() == -1;
        response.close(ended ? CloseMode.GRACEFUL : CloseMode.IMMEDIATE);
        return new String(head, StandardCharsets.UTF_8);
    }

    /**
     * What {@code Retry-After} asks for, in seconds or as an HTTP date, from now, at most
     * {@link #MAX_RETRY_AFTER}; null when there is none or it cannot be read.
     */
    private @Nullable Duration retryAfter(CloseableHttpResponse response) {
        Header header = response.getFirstHeader("Retry-After");
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().trim();
        Duration wait;
        try {
            if (value.matches("\\d{1,12}")) {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } else {
                Instant at = DateTimeFormatter.RFC_1123_DATE_TIME.parse(value, Instant::from);
                wait = Duration.between(clock.instant(), at);
            }
        } catch (DateTimeException e) {
            return null;
        }
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    /** The URL as a URI, once it has passed the URL policy's form checks; remembered per URL. */
    private URI target(String url) {
        URI target = targets.get(url);
        if (target == null) {
            target = URI.create(policy.check(url, false));
            if (targets.size() >= MAX_TARGETS) {
                targets.clear();
            }
            targets.put(url, target);
        }
        return target;
    }

    /** What ended an attempt, in words for the delivery log; never the receiver's bytes unbounded. */
    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            switch (t) {
                case ResponseHeadBudget.HeadTooLargeException tooLarge -> {
                    return tooLarge.getMessage();
                }
                case PolicyDnsResolver.BlockedAddressException blocked -> {
                    return blocked.getMessage();
                }
                case UrlPolicy.RejectedUrlException rejected -> {
                    return "blocked address: the URL " + rejected.getMessage();
                }
                case UnknownHostException unknown -> {
                    return "unknown host: " + unknown.getMessage();
                }
                case ConnectTimeoutException timeout -> {
                    return "connect timeout: " + timeout.getMessage();
                }
                case SocketTimeoutException timeout -> {
                    return "timeout: " + timeout.getMessage();
                }
                case ConnectException refused -> {
                    return "connection refused: " + refused.getMessage();
                }
                case SSLException tls -> {
                    return "TLS error: " + tls.getMessage();
                }
                case NoHttpResponseException none -> {
                    return "no response: the server closed the connection without answering";
                }
                case HttpException protocol -> {
                    return "protocol error: " + protocol.getMessage();
                }
                case SocketException socket -> {
                    return "connection error: " + socket.getMessage();
                }
                default -> {}
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static int elapsedMillis(long started) {
        return (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static String version() {
        String version = WebhookClient.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }
}
