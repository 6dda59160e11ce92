package com.headshotpro.webhooks.deliverylog;

import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.Tokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Many replays of one organization at once, over a history large enough that making one takes a while:
 * one is made, the others are refused at once (409 while it is being made or delivered, 429 past the
 * hourly limit), never kept waiting for a connection or a lock, and the rest of the service does not
 * notice. An API-only replica, so the replay's deliveries stay pending.
 */
@IntegrationTest
@TestPropertySource(properties = "hooks.delivery.enabled=false")
class ReplayConcurrencyIntegrationTests {

    static final int EVENTS = 30_000;
    static final int REPLAYS = 64;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettableClock clock;

    @Autowired
    DataSource dataSource;

    /** A response and how long it took. */
    record Answer(int status, long millis, String body) {}

    private Answer call(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        long started = System.nanoTime();
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        return new Answer(
                response.getStatus(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                response.getContentAsString());
    }

    /**
     * The paths the test measures, as a burst of their own on a third organization, so that what the test
     * times is the service and not the JIT warming up.
     */
    private void warmUp() throws Exception {
        String organization = Api.organization(mvc, true);
        Api.saveWebhook(mvc, organization, "http://127.0.0.1:9/warm-up/" + organization);
        String since = clock.instant().minusSeconds(60).toString();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 0; n < REPLAYS; n++) {
                threads.submit(() -> {
                    call(post("/api/v1/webhooks/replay")
                            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(organization)))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"since\":\"" + since + "\"}"));
                    call(get("/api/v1/settings")
                            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(organization))));
                    call(get("/actuator/health/readiness"));
                    return call(get("/api/v1/webhooks/deliveries?limit=5")
                            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(organization))));
                });
            }
        }
    }

    @Test
    void aReplayIsRefusedWithoutWaitingWhileAnotherReplicaIsMakingOne() throws Exception {
        String org = Api.organization(mvc, true);
        Api.saveWebhook(mvc, org, "http://127.0.0.1:9/elsewhere/" + org);
        String since = clock.instant().minusSeconds(60).toString();
        try (Connection otherReplica = dataSource.getConnection()) {
            otherReplica.setAutoCommit(false);
            try (PreparedStatement lock = otherReplica.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended('replay:' || ?, 0))")) {
                lock.setString(1, org);
                lock.execute();
            }
            List<Future<Answer>> refused = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int n = 0; n < 8; n++) {
                    refused.add(threads.submit(() -> call(post("/api/v1/webhooks/replay")
                            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"since\":\"" + since + "\"}"))));
                }
                for (Future<Answer> answer : refused) {
                    // answered while the other replica still holds its lock: nobody waited for it
                    assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(409);
                }
            }
            otherReplica.rollback();
        }
        assertThat(call(post("/api/v1/webhooks/replay")
                                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"since\":\"" + since + "\"}"))
                        .status())
                .isEqualTo(202);
    }

    @Test
    void concurrentReplaysOfOneOrganizationAreRefusedAtOnceAndOthersAreUnaffected() throws Exception {
        String org = Api.organization(mvc, true);
        Api.saveWebhook(mvc, org, "http://127.0.0.1:9/replays/" + org);
        String other = Api.organization(mvc, true);
        Api.saveWebhook(mvc, other, "http://127.0.0.1:9/others/" + other);
        Instant since = clock.instant().minus(Duration.ofHours(1));
        jdbc.sql("""
                        INSERT INTO event (id, organization_id, type, payload, created_at)
                        SELECT gen_random_uuid(), ?, 'model.created', '{"seeded":' || n || '}',
                               CAST(? AS timestamptz) + n * interval '100 milliseconds'
                          FROM generate_series(1, ?) AS n
                        """).params(org, since.atOffset(ZoneOffset.UTC), EVENTS).update();
        jdbc.sql("ANALYZE event").update();
        warmUp();

        AtomicBoolean replaying = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Answer> othersAnswers = new ConcurrentLinkedQueue<>();
        List<Future<Answer>> replays = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> watcher = threads.submit(() -> {
                go.await();
                while (replaying.get()) {
                    othersAnswers.add(call(
                            get("/api/v1/settings").header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other)))));
                    othersAnswers.add(call(get("/actuator/health/readiness")));
                    othersAnswers.add(call(get("/api/v1/webhooks/deliveries?limit=5")
                            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other)))));
                }
                return null;
            });
            for (int n = 0; n < REPLAYS; n++) {
                replays.add(threads.submit(() -> {
                    go.await();
                    return call(post("/api/v1/webhooks/replay")
                            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"since\":\"" + since + "\",\"failedOnly\":false}"));
                }));
            }
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> replay : replays) {
                answers.add(replay.get(60, TimeUnit.SECONDS));
            }
            replaying.set(false);
            watcher.get(10, TimeUnit.SECONDS);

            assertThat(answers)
                    .filteredOn(a -> a.status() == 202)
                    .singleElement()
                    .satisfies(a -> assertThat(a.body()).isEqualTo("{\"deliveries\":" + EVENTS + "}"));
            assertThat(answers)
                    .filteredOn(a -> a.status() != 202)
                    .hasSize(REPLAYS - 1)
                    // at once: well within a second on an idle machine; the bound leaves room for a loaded
                    // one, and the test below shows that a refusal never waits on the replay being made
                    .extracting(a -> a.status() + " in " + (a.millis() < 5000 ? "a moment" : a.millis() + " ms"))
                    .isSubsetOf("409 in a moment", "429 in a moment");
        }
        assertThat(othersAnswers)
                .isNotEmpty()
                .extracting(a -> a.status() == 200 ? 200 : a.status() + ": " + a.body())
                .containsOnly(200);
        assertThat(othersAnswers)
                .filteredOn(a -> a.body().startsWith("{\"status\""))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.body()).contains("\"UP\""));
        assertThat(jdbc.sql("SELECT count(*) FROM replay WHERE organization_id = ?")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'PENDING'")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isEqualTo(EVENTS);
    }
}
