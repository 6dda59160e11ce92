package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.signing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Sends one signed attempt. Apache HttpClient 5 behind RestClient: pooled connections, no redirects, no
 * automatic retries, the connect timeout, a deadline on the whole request, and a DNS resolver that
 * applies the URL policy to the addresses it connects to.
 */
@Component
class WebhookClient implements DisposableBean {

    static final int RESPONSE_LIMIT = 8 * 1024;
    private static final int MAX_TARGETS = 10_000;
    static final String USER_AGENT = "HeadshotPro-Webhooks/" + version();

    private final UrlPolicy policy;
    private final Clock clock;
    private final long requestTimeoutMillis;
    private final CloseableHttpClient httpClient;
    private final RestClient rest;
    private final ConcurrentHashMap<String, URI> targets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-deadlines").daemon().factory());

    WebhookClient(UrlPolicy policy, DeliveryProperties properties, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.requestTimeoutMillis = properties.requestTimeout().toMillis();
        Timeout requestTimeout = Timeout.ofMilliseconds(requestTimeoutMillis);
        this.httpClient = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PolicyDnsResolver(policy))
                        .setMaxConnTotal(properties.maxInFlight())
                        // Endpoints are limited one by one (EndpointLanes); many share a host, and so a route
                        // (every Zapier subscription is on hooks.zapier.com), so the route gets the full pool.
                        .setMaxConnPerRoute(properties.maxInFlight())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(requestTimeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(requestTimeout)
                        .setConnectionRequestTimeout(requestTimeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent(USER_AGENT)
                .build();
        this.rest = RestClient.builder()
                .requestFactory(new HttpComponentsClientHttpRequestFactory(httpClient))
                .build();
    }

    /**
     * POSTs the stored body to {@code url}, signed now with {@code secret}. Never throws: every failure
     * is an attempt with an error.
     */
    Outcome.Attempt send(int number, String url, String secret, String eventType, UUID eventId, byte[] body) {
        Instant start = clock.instant();
        long started = System.nanoTime();
        Deadline deadline = new Deadline(Thread.currentThread());
        deadline.future = deadlines.schedule(deadline::expire, requestTimeoutMillis, TimeUnit.MILLISECONDS);
        try {
            URI target = target(url);
            long timestamp = clock.instant().getEpochSecond();
            return rest.post()
                    .uri(target)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-HeadshotPro-Timestamp", Long.toString(timestamp))
                    .header("X-HeadshotPro-Signature", WebhookSigner.sign(secret, timestamp, body))
                    .header("X-HeadshotPro-Event", eventType)
                    .header("X-HeadshotPro-Event-Id", EventPayloads.publicId(eventId))
                    .body(body)
                    .exchange((request, response) -> new Outcome.Attempt(
                            number,
                            start,
                            elapsedMillis(started),
                            response.getStatusCode().value(),
                            null,
                            head(response.getBody())));
        } catch (RuntimeException e) {
            return new Outcome.Attempt(number, start, elapsedMillis(started), null, describe(e, started), null);
        } finally {
            deadline.finish();
        }
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

    /**
     * Interrupts the attempt's thread when the request outlives its deadline; no interrupt reaches the
     * thread after {@link #finish()}, which also clears one that came before.
     */
    private static final class Deadline {

        private final Thread thread;
        private boolean finished;
        private @Nullable ScheduledFuture<?> future;

        Deadline(Thread thread) {
            this.thread = thread;
        }

        synchronized void expire() {
            if (!finished) {
                thread.interrupt();
            }
        }

        void finish() {
            synchronized (this) {
                finished = true;
            }
            if (future != null) {
                future.cancel(false);
            }
            Thread.interrupted();
        }
    }

    private String describe(Throwable e, long started) {
        if (Thread.currentThread().isInterrupted() || elapsedMillis(started) >= requestTimeoutMillis) {
            return "timeout after " + requestTimeoutMillis + " ms";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PolicyDnsResolver.BlockedAddressException || t instanceof UrlPolicy.RejectedUrlException) {
                return "blocked address: " + t.getMessage().replaceFirst("^blocked address: ", "");
            }
            if (t instanceof UnknownHostException) {
                return "unknown host: " + t.getMessage();
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return "timeout: " + t.getMessage();
            }
            if (t instanceof java.net.ConnectException) {
                return "connection refused: " + t.getMessage();
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS error: " + t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The first 8 KiB of the response, as text Postgres can store (no NUL characters). */
    private static String head(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(RESPONSE_LIMIT);
        return new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "");
    }

    private static int elapsedMillis(long started) {
        return (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static String version() {
        String version = WebhookClient.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        httpClient.close();
    }
}
