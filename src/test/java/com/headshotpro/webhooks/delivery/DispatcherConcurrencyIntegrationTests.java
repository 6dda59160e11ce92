package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.database.DatabaseClock;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.SecretCipher;
import com.headshotpro.webhooks.endpoint.SigningSecrets;
import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.support.HostileReceiver;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.transport.Attempt;
import com.headshotpro.webhooks.transport.WebhookClient;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Replicas, simulated: this context's own dispatcher is off (an API-only replica), and each test runs
 * dispatchers of its own on the same database, as separate processes would.
 */
@IntegrationTest
@TestPropertySource(properties = "hooks.delivery.enabled=false")
class DispatcherConcurrencyIntegrationTests {

    static final Receiver receiver = new Receiver();

    /**
     * The replicas' client: the tests count attempts, and on a loaded machine the context's one-second
     * request timeout would end an attempt the receiver got, so that its retry arrives as a second copy.
     */
    static final WebhookClient patient = new WebhookClient(
            new UrlPolicy(true, true, InetAddress::getAllByName),
            Clock.systemUTC(),
            Duration.ofSeconds(5),
            Duration.ofMinutes(1),
            100);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeliveryStore store;

    @Autowired
    SecretCipher cipher;

    @Autowired
    SigningSecrets signingSecrets;

    @Autowired
    DatabaseAvailability database;

    @Autowired
    DeliveryMetrics metrics;

    @Autowired
    EndpointSnapshots endpoints;

    @Autowired
    WebhookClient client;

    @Autowired
    EndpointService endpointService;

    @Autowired
    DeliveryProperties properties;

    static final String[] NONE = new String[0];

    final List<DeliveryDispatcher> replicas = new java.util.ArrayList<>();
    final List<DeliveryCompletions> writers = new java.util.ArrayList<>();
    String org;
    UUID endpoint;

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
        patient.close();
    }

    @BeforeEach
    void organizationAndEndpoint() {
        org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        endpoint = organizationWithWebhook(org);
    }

    @AfterEach
    void stopReplicas() {
        replicas.forEach(DeliveryDispatcher::stop);
        writers.forEach(DeliveryCompletions::stop);
    }

    private DeliveryDispatcher replica() {
        return replica(Clock.systemUTC());
    }

    private DeliveryDispatcher replica(Clock clock) {
        return replica(clock, 64);
    }

    /** A replica that makes at most {@code inFlight} requests at once, for one organization too. */
    private DeliveryDispatcher replica(Clock clock, int inFlight) {
        DeliveryAttempt attempts = new DeliveryAttempt(
                patient, endpointService, endpoints, database, metrics, properties, Clock.systemUTC());
        DeliveryProperties enabled = new DeliveryProperties(
                true,
                properties.retryDelays(),
                properties.lease(),
                properties.connectTimeout(),
                properties.requestTimeout(),
                Duration.ofMillis(50),
                100,
                inFlight,
                inFlight,
                inFlight,
                properties.firstAttemptShare(),
                properties.maxRedeliveries(),
                properties.manualSendsPerMinute(),
                properties.replaysPerHour(),
                properties.replayMax(),
                properties.disableAfter(),
                properties.poolSize(),
                properties.allowHttpTargets(),
                properties.allowPrivateTargets());
        DeliveryCompletions completions = new DeliveryCompletions(store, metrics, database, enabled, clock);
        DeliveryDispatcher dispatcher =
                new DeliveryDispatcher(enabled, store, attempts, completions, endpoints, database, metrics, clock);
        writers.add(completions);
        replicas.add(dispatcher);
        return dispatcher;
    }

    /** Events with one due delivery each, as an API-only replica leaves them. */
    private void dueDeliveries(int count) {
        dueDeliveries(org, endpoint, count, 0, Instant.now());
    }

    /** {@code count} deliveries to the endpoint, each with {@code attempts} made, due since {@code due}. */
    private void dueDeliveries(String org, UUID endpoint, int count, int attempts, Instant due) {
        Instant now = Instant.now();
        jdbc.sql("""
                        WITH e AS (
                            INSERT INTO event (id, organization_id, type, payload, created_at)
                            SELECT gen_random_uuid(), :org, 'model.created', '{"n":' || n || '}', :now
                              FROM generate_series(1, :count) AS n
                            RETURNING id, created_at)
                        INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type,
                                              status, attempt_count, attempts_allowed, next_attempt_at, created_at,
                                              updated_at)
                        SELECT e.id, e.created_at, :endpoint, :org, 'model.created', 'PENDING', :attempts, 5, :due,
                               :now, :now
                          FROM e
                        """)
                .param("org", org)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("due", due.atOffset(ZoneOffset.UTC))
                .param("count", count)
                .param("attempts", attempts)
                .param("endpoint", endpoint)
                .update();
    }

    private List<ClaimedDelivery> claim(int limit, Instant now, Instant leaseUntil) {
        long leaseEndsAt =
                System.nanoTime() + java.time.Duration.between(now, leaseUntil).toNanos();
        return store.claimDue(limit, limit, now, leaseUntil, leaseEndsAt, UUID.randomUUID(), NONE);
    }

    private List<LoggedRequest> received() {
        return receiver.received("/replicas/" + org);
    }

    private long succeeded() {
        return jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'SUCCEEDED'")
                .param(org)
                .query(Long.class)
                .single();
    }

    @Test
    void twoReplicasShareTwoThousandDeliveriesAndMakeEachAttemptOnce() {
        dueDeliveries(2000);
        DeliveryDispatcher first = replica();
        DeliveryDispatcher second = replica();
        writers.forEach(DeliveryCompletions::start);
        first.start();
        second.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded() == 2000);
        Map<String, Long> perEvent = received().stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("X-HeadshotPro-Event-Id"), Collectors.counting()));
        assertThat(perEvent).hasSize(2000);
        assertThat(perEvent.values()).containsOnly(1L);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = ?
                        """).param(org).query(Long.class).single()).isEqualTo(2000);
    }

    @Test
    void firstAttemptsAreSentWhileRetriesHangOnEveryPermitTheyMayHold() throws Exception {
        try (HostileReceiver hanging = new HostileReceiver(HostileReceiver.Behaviour.SILENT)) {
            jdbc.sql("UPDATE endpoint SET url = ? WHERE id = ?")
                    .params(hanging.url("/hangs"), endpoint)
                    .update();
            dueDeliveries(org, endpoint, 20, 1, Instant.now().minusSeconds(60)); // failed once, due a minute ago
            String healthy = "org-" + UUID.randomUUID().toString().substring(0, 8);
            UUID healthyEndpoint = organizationWithWebhook(healthy);
            dueDeliveries(healthy, healthyEndpoint, 5, 0, Instant.now()); // never tried, due after every retry
            DeliveryDispatcher replica = replica(Clock.systemUTC(), 8);
            writers.forEach(DeliveryCompletions::start);
            replica.start();

            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'SUCCEEDED'")
                                            .param(healthy)
                                            .query(Long.class)
                                            .single()
                                    == 5);
            await().atMost(Duration.ofSeconds(20)).until(hanging::connections, n -> n >= 6);
            assertThat(hanging.connections())
                    .as("the retries hang on the 6 permits of 8 they may hold, and take no more")
                    .isEqualTo(6);
        } finally {
            // the hanging requests failed as their connections closed; what is left is no other test's queue
            replicas.forEach(DeliveryDispatcher::stop);
            jdbc.sql("UPDATE delivery SET status = 'CANCELLED' WHERE status = 'PENDING'")
                    .update();
        }
    }

    /** Makes organization {@code id} with a webhook on this class's receiver, answering 200; returns the webhook's id. */
    private UUID organizationWithWebhook(String id) {
        UUID webhook = UUID.randomUUID();
        receiver.answerOk("/replicas/" + id);
        Instant now = Instant.now();
        jdbc.sql(
                        "INSERT INTO organization (id, name, api_enabled, created_at, updated_at) VALUES (?, 'Acme', true, ?, ?)")
                .params(id, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("""
                        INSERT INTO endpoint (id, organization_id, kind, url, secret_ciphertext, secret_created_at, created_at)
                        VALUES (?, ?, 'WEBHOOK', ?, ?, ?, ?)
                        """)
                .params(
                        webhook,
                        id,
                        receiver.url("/replicas/" + id),
                        cipher.encrypt("a".repeat(64)),
                        now.atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC))
                .update();
        return webhook;
    }

    @Test
    void aStoppedReplicaThatIsStartedAgainDeliversAsBefore() {
        DeliveryDispatcher replica = replica();
        writers.forEach(DeliveryCompletions::start);
        replica.start();
        replica.stop();
        writers.forEach(DeliveryCompletions::stop);
        writers.forEach(DeliveryCompletions::start);
        replica.start();
        dueDeliveries(20);
        await().atMost(Duration.ofSeconds(15)).until(() -> succeeded() == 20);
    }

    @Test
    void aClaimThatIsNeverCompletedIsDeliveredByAnotherReplicaAfterTheLease() {
        dueDeliveries(3);
        Instant claimedAt = Instant.now();
        Instant leaseEnds = claimedAt.plus(properties.lease());
        List<ClaimedDelivery> lost = claim(10, claimedAt, leaseEnds);
        assertThat(lost).hasSize(3); // the replica that claimed these dies here, before sending
        Instant justBefore = leaseEnds.minusMillis(1);
        assertThat(claim(10, justBefore, justBefore.plus(properties.lease())))
                .as("nobody else takes them while the lease holds")
                .isEmpty();

        SettableClock survivorsTime = new SettableClock();
        survivorsTime.advance(properties.lease()); // instead of waiting the lease out
        DeliveryDispatcher survivor = replica(survivorsTime);
        writers.forEach(DeliveryCompletions::start);
        survivor.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> succeeded() == 3);
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(3);
        Map<String, ClaimedDelivery> byEvent =
                lost.stream().collect(Collectors.toMap(d -> "evt_" + d.eventId(), Function.identity()));
        assertThat(requests)
                .extracting(r -> r.getHeader("X-HeadshotPro-Event-Id"))
                .containsExactlyInAnyOrderElementsOf(byEvent.keySet());
    }

    @Test
    void anAttemptUsesTheEndpointAsItIsWhenItStartsNotAsItWasClaimedAndNoneStartsOnceItIsDisabledOrRemoved()
            throws Exception {
        AtomicLong ticker = new AtomicLong(System.nanoTime());
        EndpointSnapshots snapshots = new EndpointSnapshots(jdbc, signingSecrets, ticker::get);
        DeliveryAttempt attempt = new DeliveryAttempt(
                client, endpointService, snapshots, database, metrics, properties, Clock.systemUTC());
        dueDeliveries(3);
        Instant now = Instant.now();
        List<ClaimedDelivery> claimed = claim(3, now, now.plus(properties.lease()));
        claimed.forEach(snapshots::offer); // as the dispatcher does with what a claim read
        String rotated = "b".repeat(64);
        String moved = "/moved/" + org;
        receiver.answerOk(moved);
        jdbc.sql("UPDATE endpoint SET secret_ciphertext = ?, url = ? WHERE id = ?")
                .params(cipher.encrypt(rotated), receiver.url(moved), endpoint)
                .update();
        ticker.set(System.nanoTime() + EndpointSnapshots.FRESHNESS + 1); // the claim's copy is now stale
        assertThat(attempt.make(claimed.get(0), () -> true).status()).isEqualTo(Outcome.Status.SUCCEEDED);
        var sent = receiver.received(moved);
        assertThat(sent).hasSize(1);
        assertThat(Receiver.signatureValid(sent.getFirst(), rotated)).isTrue();
        assertThat(received()).isEmpty();

        jdbc.sql("UPDATE endpoint SET disabled_at = now(), disabled_reason = 'test' WHERE id = ?")
                .param(endpoint)
                .update();
        ticker.addAndGet(EndpointSnapshots.FRESHNESS + 1);
        Outcome whileDisabled = attempt.make(claimed.get(1), () -> true);
        assertThat(whileDisabled.status()).isEqualTo(Outcome.Status.CANCELLED);
        assertThat(whileDisabled.attempts()).isEmpty();

        jdbc.sql("UPDATE endpoint SET disabled_at = NULL, disabled_reason = NULL, deleted_at = now() WHERE id = ?")
                .param(endpoint)
                .update();
        ticker.addAndGet(EndpointSnapshots.FRESHNESS + 1);
        Outcome afterRemoval = attempt.make(claimed.get(2), () -> true);
        assertThat(afterRemoval.status()).isEqualTo(Outcome.Status.CANCELLED);
        assertThat(afterRemoval.attempts()).isEmpty();
        assertThat(receiver.received(moved)).hasSize(1);
    }

    @Test
    void replicasWhoseClocksDifferStillNeverClaimTheSameLeasedDelivery() {
        dueDeliveries(1);
        DatabaseClock onTime = new DatabaseClock(Clock.systemUTC(), jdbc);
        DatabaseClock aMinuteFast = new DatabaseClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)), jdbc);
        onTime.synchronize();
        aMinuteFast.synchronize();
        assertThat(Duration.between(onTime.instant(), aMinuteFast.instant()).abs())
                .isLessThan(Duration.ofSeconds(1));

        Instant now = onTime.instant();
        assertThat(claim(1, now, now.plus(properties.lease()))).hasSize(1);
        Instant fastNow = aMinuteFast.instant();
        assertThat(claim(1, fastNow, fastNow.plus(properties.lease())))
                .as("the fast replica tells time by the database: the lease still holds")
                .isEmpty();
        Instant ownFastNow = Instant.now().plus(Duration.ofMinutes(1));
        assertThat(claim(1, ownFastNow, ownFastNow.plus(properties.lease())))
                .as("by its own clock it would have taken the delivery while the first replica holds it")
                .hasSize(1);
    }

    @Test
    void aStaleReplicaCannotOverwriteTheOutcomeOfTheReplicaThatTookOver() {
        dueDeliveries(1);
        Instant first = Instant.now();
        ClaimedDelivery stale = claim(1, first, first.plusMillis(1)).getFirst();
        ClaimedDelivery current =
                claim(1, first.plusSeconds(1), first.plusSeconds(60)).getFirst();
        assertThat(current.id()).isEqualTo(stale.id());

        Attempt failure = new Attempt(1, first, 5, 500, null, "late");
        assertThat(store.complete(
                        List.of(new Outcome(stale, Outcome.Status.FAILED, 1, first, "HTTP 500", List.of(failure))),
                        first))
                .as("the stale replica's outcome is not taken")
                .isEmpty();
        Attempt success = new Attempt(1, first, 5, 200, null, "ok");
        assertThat(store.complete(
                        List.of(new Outcome(current, Outcome.Status.SUCCEEDED, 1, first, null, List.of(success))),
                        first))
                .containsExactly(current.id());
        assertThat(succeeded()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status_code FROM delivery_attempt WHERE delivery_id = ? ORDER BY id")
                        .param(current.id())
                        .query(Integer.class)
                        .list())
                .as("both attempts were made, so both are recorded")
                .containsExactly(500, 200);
    }
}
