package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.support.TestDatabaseConfiguration;
import com.headshotpro.webhooks.transport.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The claim and completion statements alone, on real Postgres migrated by Flyway and no application:
 * what a claim takes, what it leaves, and what a completion with the right or a stale lease writes.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(TestDatabaseConfiguration.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class DeliveryStoreTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    DeliveryStore store;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String org;
    UUID endpoint;

    @BeforeEach
    void organizationWithAWebhook() {
        store = new DeliveryStore(jdbc, jdbc);
        jdbc.sql("DELETE FROM delivery").update(); // each test claims from an empty queue
        jdbc.sql("SELECT create_history_partitions(CAST(? AS date) - 1, CAST(? AS date) + 1)")
                .params(utc(now).toLocalDate(), utc(now).toLocalDate())
                .query(Integer.class)
                .single();
        org = organization();
        endpoint = webhook(org);
    }

    @Test
    void aClaimTakesTheOldestDueDeliveriesUpToItsLimitAndLeasesThemToItsToken() {
        long oldest = delivery(org, endpoint, now.minusSeconds(30));
        long older = delivery(org, endpoint, now.minusSeconds(20));
        long due = delivery(org, endpoint, now.minusSeconds(10));
        long notYetDue = delivery(org, endpoint, now.plusSeconds(60));
        UUID token = UUID.randomUUID();
        Instant leaseUntil = now.plus(Duration.ofMinutes(1));

        List<ClaimedDelivery> claimed = store.claimDue(2, 2, now, leaseUntil, System.nanoTime(), token, new String[0]);

        assertThat(claimed).extracting(ClaimedDelivery::id).containsExactlyInAnyOrder(oldest, older);
        assertThat(claimed).allSatisfy(d -> {
            assertThat(d.leaseToken()).isEqualTo(token);
            assertThat(d.payload()).as("its own event's body").isEqualTo("{\"event\":\"" + d.eventId() + "\"}");
            assertThat(d.endpointRemoved()).isFalse();
        });
        assertThat(row(oldest)).containsEntry("lease_token", token).containsEntry("next_attempt_at", leaseUntil);

        List<ClaimedDelivery> next =
                store.claimDue(10, 10, now, leaseUntil, System.nanoTime(), UUID.randomUUID(), new String[0]);
        assertThat(next)
                .as("what is leased, or not yet due, is not claimed again")
                .extracting(ClaimedDelivery::id)
                .containsExactly(due);
        assertThat(row(notYetDue)).containsEntry("lease_token", null);
    }

    @Test
    void firstAttemptsAreClaimedBeforeOlderRetriesAndRetriesOnlyUpToTheirShare() {
        String failing = organization();
        UUID slow = webhook(failing);
        List<Long> retries = List.of(
                retry(failing, slow, now.minusSeconds(50)),
                retry(failing, slow, now.minusSeconds(40)),
                retry(failing, slow, now.minusSeconds(30)));
        long newer = delivery(org, endpoint, now.minusSeconds(2));
        long newest = delivery(org, endpoint, now.minusSeconds(1));

        assertThat(claim(2, 2))
                .as("the first attempts, however many retries were due before them")
                .containsExactlyInAnyOrder(newer, newest);
        assertThat(claim(10, 2))
                .as("retries, oldest first, no more than their share")
                .containsExactlyInAnyOrder(retries.get(0), retries.get(1));

        long another = delivery(org, endpoint, now.minusSeconds(1));
        assertThat(claim(2, 2))
                .as("a retry takes only what the first attempts left of the claim")
                .containsExactlyInAnyOrder(another, retries.get(2));
    }

    @Test
    void aClaimSkipsTheOrganizationsWhoseLanesAreFull() {
        String busy = organization();
        delivery(busy, webhook(busy), now.minusSeconds(60));
        long free = delivery(org, endpoint, now.minusSeconds(1));

        List<ClaimedDelivery> claimed = store.claimDue(
                10, 10, now, now.plusSeconds(60), System.nanoTime(), UUID.randomUUID(), new String[] {busy});

        assertThat(claimed).extracting(ClaimedDelivery::id).containsExactly(free);
    }

    @Test
    void aCompletionWritesTheOutcomeUnderItsLeaseAndOnlyTheAttemptUnderAStaleOne() {
        long id = delivery(org, endpoint, now.minusSeconds(1));
        ClaimedDelivery first = store.claimDue(
                        1, 1, now, now.plusSeconds(60), System.nanoTime(), UUID.randomUUID(), new String[0])
                .getFirst();
        // the lease ran out and another replica took the delivery over
        jdbc.sql("UPDATE delivery SET next_attempt_at = ? WHERE id = ?")
                .params(utc(now.minusSeconds(1)), id)
                .update();
        ClaimedDelivery second = store.claimDue(
                        1, 1, now, now.plusSeconds(60), System.nanoTime(), UUID.randomUUID(), new String[0])
                .getFirst();

        Attempt failed = Attempt.failed(1, now, 12, "HTTP 500");
        Instant retryAt = now.plus(Duration.ofMinutes(5));
        assertThat(store.complete(
                        List.of(new Outcome(first, Outcome.Status.PENDING, 1, retryAt, "HTTP 500", List.of(failed))),
                        now))
                .as("the stale replica's outcome is not taken")
                .isEmpty();
        assertThat(row(id)).containsEntry("status", "PENDING").containsEntry("attempt_count", 0);
        assertThat(jdbc.sql("SELECT failing_since FROM endpoint_health WHERE endpoint_id = ?")
                        .param(endpoint)
                        .query(OffsetDateTime.class)
                        .single()
                        .toInstant())
                .isEqualTo(now);

        Attempt succeeded = new Attempt(1, now.plusSeconds(1), 8, 200, null, "ok");
        assertThat(store.complete(
                        List.of(new Outcome(
                                second, Outcome.Status.SUCCEEDED, 1, now.plusSeconds(1), null, List.of(succeeded))),
                        now))
                .containsExactly(id);
        assertThat(row(id))
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("attempt_count", 1)
                .containsEntry("lease_token", null);
        assertThat(jdbc.sql("SELECT status_code, error FROM delivery_attempt WHERE delivery_id = ? ORDER BY id")
                        .param(id)
                        .query((rs, n) -> rs.getObject("status_code") + "/" + rs.getString("error"))
                        .list())
                .as("both attempts happened, so both are recorded")
                .containsExactly("null/HTTP 500", "200/null");
        assertThat(jdbc.sql("SELECT count(*) FROM endpoint_health WHERE endpoint_id = ? AND failing_since IS NULL")
                        .param(endpoint)
                        .query(Integer.class)
                        .single())
                .as("the failed attempt made the endpoint failing; the success after it, failing no more")
                .isOne();
    }

    @Test
    void aPacedEndpointIsClaimedWithinItsPaceInEachSecondWhicheverReplicaClaims() {
        UUID paced = endpoint(org, 3);
        List<Long> toPaced = new java.util.ArrayList<>();
        List<Long> toWebhook = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            toPaced.add(delivery(org, paced, now.minusSeconds(30 - i)));
            toWebhook.add(delivery(org, endpoint, now.minusSeconds(20 - i)));
        }

        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        List<ClaimedDelivery> first = claimAt(second, 20);
        assertThat(first)
                .as("the webhook's deliveries all, the paced endpoint's oldest three")
                .extracting(ClaimedDelivery::id)
                .containsExactlyInAnyOrderElementsOf(concat(toWebhook, toPaced.subList(0, 3)));
        assertThat(first).filteredOn(d -> d.endpointId().equals(paced)).allMatch(ClaimedDelivery::paced);
        assertThat(first).filteredOn(d -> d.endpointId().equals(endpoint)).noneMatch(ClaimedDelivery::paced);
        assertThat(claimAt(second.plusMillis(999), 20))
                .as("another replica's claim in the same second: the pace is spent")
                .isEmpty();

        assertThat(claimAt(second.plusSeconds(1), 2))
                .as("the next second, within the claim's own limit")
                .extracting(ClaimedDelivery::id)
                .containsExactlyElementsOf(toPaced.subList(3, 5));
        assertThat(claimAt(second.plusSeconds(1), 20))
                .as("what the pace leaves of that second")
                .extracting(ClaimedDelivery::id)
                .containsExactly(toPaced.get(5));
    }

    @Test
    void aPacedEndpointAnotherReplicaIsClaimingForIsSkippedNotWaitedFor() throws Exception {
        UUID paced = endpoint(org, 3);
        delivery(org, paced, now.minusSeconds(2));
        long toWebhook = delivery(org, endpoint, now.minusSeconds(1));
        var other = new java.util.concurrent.CompletableFuture<Void>();
        var locked = new java.util.concurrent.CountDownLatch(1);
        Thread replica = Thread.ofVirtual().start(() -> {
            try (var connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (var statement =
                        connection.prepareStatement("SELECT 1 FROM endpoint_pace WHERE endpoint_id = ? FOR UPDATE")) {
                    statement.setObject(1, paced);
                    statement.executeQuery();
                }
                locked.countDown();
                other.join();
                connection.rollback();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        locked.await();

        assertThat(claimAt(now, 10))
                .as("the webhook's delivery; the paced endpoint's waits for the replica that holds its pace")
                .extracting(ClaimedDelivery::id)
                .containsExactly(toWebhook);
        other.complete(null);
        replica.join();
        assertThat(claimAt(now, 10)).hasSize(1).allMatch(ClaimedDelivery::paced);
    }

    @Test
    void aThrottledAnswerHalvesAnEndpointsPaceOnceASecondAndSuccessesRaiseItBackStepByStep() {
        UUID own = endpoint(org, 8);
        for (int i = 0; i < 10; i++) {
            delivery(org, own, now.minusSeconds(10));
        }
        List<ClaimedDelivery> claimed = concat(claimAt(now, 10), claimAt(now.plusSeconds(1), 10));
        assertThat(claimed).hasSize(10);
        Attempt tooMany = new Attempt(1, now, 5, 429, null, "slow down");

        store.complete(List.of(outcome(claimed.get(0), tooMany), outcome(claimed.get(1), tooMany)), now);
        assertThat(currentPace(own))
                .as("halved once, though two said so in the same second")
                .isEqualTo(4);
        store.complete(
                List.of(outcome(claimed.get(2), new Attempt(1, now, 5, 503, null, "unavailable"))), now.plusSeconds(1));
        assertThat(currentPace(own)).as("a 503 without Retry-After, as a 429").isEqualTo(2);
        store.complete(
                List.of(outcome(claimed.get(3), new Attempt(1, now, 5, 503, null, "later", Duration.ofSeconds(30)))),
                now.plusSeconds(2));
        assertThat(currentPace(own))
                .as("a Retry-After says when; the pace stays")
                .isEqualTo(2);

        Attempt ok = new Attempt(1, now, 5, 200, null, "ok");
        List<Object> climb = new java.util.ArrayList<>();
        for (int second = 3; second <= 9; second++) {
            store.complete(List.of(outcome(claimed.get(second), ok)), now.plusSeconds(second));
            climb.add(currentPace(own));
        }
        assertThat(climb)
                .as("a step a second, back to no slowing at its maximum")
                .containsExactly(3, 4, 5, 6, 7, null, null);
    }

    @Test
    void anEndpointWithoutAMaximumIsHalvedFromTheHighestPaceAndClimbsBackToNoLimit() {
        UUID own = endpoint(org, null);
        for (int i = 0; i < 6; i++) {
            delivery(org, own, now.minusSeconds(10));
        }
        List<ClaimedDelivery> claimed = claimAt(now, 10);
        assertThat(claimed).hasSize(6).noneMatch(ClaimedDelivery::paced);

        store.complete(List.of(outcome(claimed.get(0), new Attempt(1, now, 5, 429, null, "slow down"))), now);
        assertThat(currentPace(own)).isEqualTo(Pace.CEILING / 2);
        delivery(org, own, now.minusSeconds(1));
        assertThat(claimAt(now, 10)).as("slowed, it is paced now").hasSize(1).allMatch(ClaimedDelivery::paced);

        Attempt ok = new Attempt(1, now, 5, 200, null, "ok");
        List<Object> climb = new java.util.ArrayList<>();
        for (int second = 1; second <= 5; second++) {
            store.complete(List.of(outcome(claimed.get(second), ok)), now.plusSeconds(second));
            climb.add(currentPace(own));
        }
        assertThat(climb).as("a tenth of the highest pace a second").containsExactly(600, 700, 800, 900, null);
    }

    private Outcome outcome(ClaimedDelivery delivery, Attempt attempt) {
        Outcome.Status status = attempt.succeeded() ? Outcome.Status.SUCCEEDED : Outcome.Status.PENDING;
        return new Outcome(delivery, status, 1, now.plusSeconds(60), null, List.of(attempt));
    }

    private @org.jspecify.annotations.Nullable Object currentPace(UUID endpoint) {
        return jdbc.sql("SELECT current_per_second FROM endpoint_pace WHERE endpoint_id = ?")
                .param(endpoint)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getObject(1)))
                .single()
                .orElse(null);
    }

    private List<ClaimedDelivery> claimAt(Instant at, int limit) {
        return store.claimDue(
                limit, limit, at, at.plusSeconds(60), System.nanoTime(), UUID.randomUUID(), new String[0]);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** An endpoint of the organization's own, at most {@code maxPerSecond} requests a second (null: no limit). */
    private UUID endpoint(String organization, @org.jspecify.annotations.Nullable Integer maxPerSecond) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO endpoint (id, organization_id, kind, url, secret_ciphertext, secret_created_at,
                                              created_at, max_per_second)
                        VALUES (?, ?, 'ENDPOINT', 'https://hooks.example.com/own', '\\x00', ?, ?, ?)
                        """).params(id, organization, utc(now), utc(now), maxPerSecond).update();
        return id;
    }

    private String organization() {
        String id = "org-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("INSERT INTO organization (id, name, api_enabled, created_at, updated_at) VALUES (?, 'A', true, ?, ?)")
                .params(id, utc(now), utc(now))
                .update();
        return id;
    }

    private UUID webhook(String organization) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO endpoint (id, organization_id, kind, url, secret_ciphertext, secret_created_at, created_at)
                        VALUES (?, ?, 'WEBHOOK', 'https://hooks.example.com/x', '\\x00', ?, ?)
                        """).params(id, organization, utc(now), utc(now)).update();
        return id;
    }

    private List<Long> claim(int limit, int retryLimit) {
        return store
                .claimDue(
                        limit,
                        retryLimit,
                        now,
                        now.plusSeconds(60),
                        System.nanoTime(),
                        UUID.randomUUID(),
                        new String[0])
                .stream()
                .map(ClaimedDelivery::id)
                .toList();
    }

    /** A delivery whose first attempts failed, due again at {@code due}. */
    private long retry(String organization, UUID endpoint, Instant due) {
        long id = delivery(organization, endpoint, due);
        jdbc.sql("UPDATE delivery SET attempt_count = 2 WHERE id = ?").param(id).update();
        return id;
    }

    private long delivery(String organization, UUID endpoint, Instant due) {
        UUID event = UUID.randomUUID();
        jdbc.sql(
                        "INSERT INTO event (id, organization_id, type, payload, created_at) VALUES (?, ?, 'model.created', ?, ?)")
                .params(event, organization, "{\"event\":\"" + event + "\"}", utc(now))
                .update();
        return jdbc.sql("""
                        INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type, status,
                                              attempts_allowed, next_attempt_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 'model.created', 'PENDING', 5, ?, ?, ?) RETURNING id
                        """)
                .params(event, utc(now), endpoint, organization, utc(due), utc(now), utc(now))
                .query(Long.class)
                .single();
    }

    private Map<String, Object> row(long id) {
        return jdbc.sql("SELECT status, attempt_count, lease_token, next_attempt_at FROM delivery WHERE id = ?")
                .param(id)
                .query((rs, n) -> {
                    var values = new java.util.HashMap<String, Object>();
                    values.put("status", rs.getString("status"));
                    values.put("attempt_count", rs.getInt("attempt_count"));
                    values.put("lease_token", rs.getObject("lease_token", UUID.class));
                    values.put(
                            "next_attempt_at",
                            rs.getObject("next_attempt_at", OffsetDateTime.class)
                                    .toInstant());
                    return (Map<String, Object>) values;
                })
                .single();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
