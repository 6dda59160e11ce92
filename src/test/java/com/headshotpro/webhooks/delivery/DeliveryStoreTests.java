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
