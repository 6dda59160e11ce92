package com.headshotpro.webhooks.support;

import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The setup the {@link IntegrationTest}s share, as a JUnit extension: a {@link Receiver} for the class,
 * and before each test the service's {@link SettableClock} caught up with the wall clock and a fresh
 * organization ({@link #org()}, API enabled), with its receiver path ({@link #path()}) answering 200;
 * {@link #withWebhook()} saves that path as its webhook, or {@link #withSavedWebhook} makes a fixture that
 * saves it before each test. Then the queries the tests ask of deliveries and attempts, and the ladder
 * climbed on the clock instead of waited out. Tests read the organization, path and secret from the
 * fixture rather than copying them into fields of their own.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Fixture fixture = Fixture.withSavedWebhook("/hooks/");
 * }</pre>
 */
public final class Fixture implements BeforeEachCallback, AfterAllCallback {

    /** How long a test waits for the service to do what it does at once (not for a delay). */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private final String prefix;
    private final boolean savesWebhook;
    private final Receiver receiver = new Receiver();
    private ApplicationContext context;
    private String org;
    private String path;
    private @Nullable String secret;

    /** Receiver paths are {@code prefix + organization}. */
    public Fixture(String prefix) {
        this(prefix, false);
    }

    private Fixture(String prefix, boolean savesWebhook) {
        this.prefix = prefix;
        this.savesWebhook = savesWebhook;
    }

    /** A fixture whose organization has its receiver path saved as its webhook before each test. */
    public static Fixture withSavedWebhook(String prefix) {
        return new Fixture(prefix, true);
    }

    @Override
    public void beforeEach(ExtensionContext extension) throws Exception {
        context = SpringExtension.getApplicationContext(extension);
        clock().catchUp();
        org = Api.organization(mvc(), true);
        path = prefix + org;
        secret = null;
        receiver.answerOk(path);
        if (savesWebhook) {
            withWebhook();
        }
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        receiver.close();
    }

    /** An endpoint of the organization's own, registered by {@link #withEndpoint}: its id, receiver path and secret. */
    public record Registered(String id, String path, String secret) {}

    /**
     * Registers an endpoint of the organization's own at this test's receiver path plus {@code "/" + name},
     * answering 200 there, with {@code fields} (JSON members after the URL, such as {@code "eventTypes":
     * ["model.created"]}, or none).
     */
    public Registered withEndpoint(String name, String fields) throws Exception {
        String endpointPath = path + "/" + name;
        receiver.answerOk(endpointPath);
        String body = Api.createEndpoint(
                mvc(),
                org,
                "{\"url\":\"%s\"%s}".formatted(receiver.url(endpointPath), fields.isEmpty() ? "" : "," + fields));
        return new Registered(JsonPath.read(body, "$.id"), endpointPath, JsonPath.read(body, "$.newSecret"));
    }

    /** Saves this test's receiver path as the organization's webhook; returns its secret. */
    public String withWebhook() throws Exception {
        secret = Api.saveWebhook(mvc(), org, receiver.url(path));
        return secret;
    }

    public Receiver receiver() {
        return receiver;
    }

    public String org() {
        return org;
    }

    public String path() {
        return path;
    }

    public String url() {
        return receiver.url(path);
    }

    /** The webhook's secret, once {@link #withWebhook()} saved it. */
    public @Nullable String secret() {
        return secret;
    }

    public MockMvc mvc() {
        return context.getBean(MockMvc.class);
    }

    public JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    public SettableClock clock() {
        return context.getBean(SettableClock.class);
    }

    /** The request as this organization's TeamLead. */
    public ResultActions lead(MockHttpServletRequestBuilder request) throws Exception {
        return mvc().perform(request.header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(org))));
    }

    /** What the receiver got on this test's path, once there are at least {@code count}. */
    public List<LoggedRequest> awaitReceived(int count) {
        return awaitReceived(path, count);
    }

    public List<LoggedRequest> awaitReceived(String path, int count) {
        return await().atMost(PATIENCE).until(() -> receiver.received(path), r -> r.size() >= count);
    }

    public long count(String sql, Object... params) {
        return jdbc().sql(sql).params(params).query(Long.class).single();
    }

    /** This organization's deliveries in {@code status}. */
    public long deliveries(String status) {
        return count("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = ?", org, status);
    }

    /** Status, attempt count and last error of this organization's delivery of its one {@code eventType} event. */
    public Map<String, Object> delivery(String eventType) {
        return jdbc().sql(
                        "SELECT status, attempt_count, last_error FROM delivery WHERE organization_id = ? AND event_type = ?")
                .params(org, eventType)
                .query()
                .singleRow();
    }

    /** When this organization's attempts were made, by the service's clock, first to last. */
    public List<Instant> attemptTimes() {
        return jdbc().sql("""
                        SELECT a.attempted_at FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = ? ORDER BY a.attempted_at, a.number
                        """)
                .param(org)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .list();
    }

    /**
     * Waits until none of this organization's deliveries is pending or unattempted, climbing the ladder
     * on the clock ({@link #climbLadder}) for those that fail.
     */
    public void awaitSettled() {
        climbLadder(() -> count(
                        "SELECT count(*) FROM delivery WHERE organization_id = ? AND (status = 'PENDING' OR attempt_count = 0)",
                        org)
                == 0);
    }

    /**
     * When this organization's next attempt is due: the earliest of its pending deliveries not claimed
     * now, or null. A failure's delay counts from when the failed attempt ended (its start on the clock
     * plus how long it took), so a test moves the clock there rather than by the rung alone.
     */
    public @Nullable Instant nextAttemptAt() {
        return jdbc().sql("""
                        SELECT min(next_attempt_at) FROM delivery
                         WHERE organization_id = ? AND status = 'PENDING' AND lease_token IS NULL
                        """)
                .param(org)
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant)
                .orElse(null);
    }

    /**
     * {@link #nextAttemptAt()} once there is one: a receiver has its request before the service records
     * the answer and releases the delivery, so right after a request is received there may be none yet.
     */
    public Instant awaitNextAttemptAt() {
        return await().atMost(PATIENCE).until(this::nextAttemptAt, Objects::nonNull);
    }

    /**
     * Climbs the retry ladder on the clock until {@code done}: whenever this organization's next attempt
     * is still ahead, the clock jumps to it.
     */
    public void climbLadder(BooleanSupplier done) {
        await().atMost(PATIENCE).until(() -> {
            if (done.getAsBoolean()) {
                return true;
            }
            Instant next = nextAttemptAt();
            if (next != null && next.isAfter(clock().instant())) {
                clock().set(next);
            }
            return false;
        });
    }
}
