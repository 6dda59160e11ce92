package com.headshotpro.webhooks.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.database.RetentionProperties;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Partitions made ahead and a day's history dropped whole, on real Postgres. */
@IntegrationTest
@TestPropertySource(properties = "hooks.delivery.enabled=false")
class HistoryPartitionsIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HistoryPartitions partitions;

    @Autowired
    RetentionProperties retention;

    final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String org;
    UUID endpoint;

    @BeforeEach
    void organizationAndEndpoint() {
        org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        endpoint = UUID.randomUUID();
        var now = Instant.now().atOffset(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO organization (id, name, api_enabled, created_at, updated_at) VALUES (?, 'A', true, ?, ?)")
                .params(org, now, now)
                .update();
        jdbc.sql("""
                        INSERT INTO endpoint (id, organization_id, kind, url, secret_ciphertext, secret_created_at, created_at)
                        VALUES (?, ?, 'WEBHOOK', 'https://example.com/hook', '\\x00', ?, ?)
                        """).params(endpoint, org, now, now).update();
    }

    @Test
    void theServiceStartsWithTodayAndTheWeekAheadPartitioned() {
        for (int day = 0; day <= HistoryPartitions.DAYS_AHEAD; day++) {
            for (String table : HistoryPartitions.TABLES) {
                assertThat(exists(table, today.plusDays(day)))
                        .as(table + " +" + day)
                        .isTrue();
            }
        }
    }

    @Test
    void everyReplicaMakesTheDaysAheadAtOnceAndEachDayIsMadeOnce() throws Exception {
        SettableClock clock = new SettableClock();
        clock.advance(Duration.ofDays(400));
        LocalDate then = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Callable<Integer>> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replicas.add(() -> new HistoryPartitions(jdbc, retention, clock).createAhead());
        }
        int created = 0;
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> made : pool.invokeAll(replicas)) {
                created += made.get();
            }
        }

        assertThat(created).isEqualTo((HistoryPartitions.DAYS_AHEAD + 2) * HistoryPartitions.TABLES.size());
        assertThat(exists("delivery", then.plusDays(HistoryPartitions.DAYS_AHEAD)))
                .isTrue();
        history(then, "PENDING");
        assertThat(count("delivery", then)).isOne();
    }

    @Test
    void aDayOlderThanTheRetentionGoesWholeWhateverItsOutcomesAndTheRestStays() {
        LocalDate old = today.minusDays(32);
        LocalDate recent = today.minusDays(29);
        for (String status : List.of("SUCCEEDED", "FAILED", "CANCELLED")) {
            history(old, status);
            history(recent, status);
        }

        assertThat(partitions.dropExpired()).contains(old).doesNotContain(recent);

        for (String table : HistoryPartitions.TABLES) {
            assertThat(exists(table, old)).as(table).isFalse();
            assertThat(exists(table, recent)).as(table).isTrue();
        }
        assertThat(count("delivery", recent)).isEqualTo(3);
        assertThat(count("delivery_attempt", recent)).isEqualTo(3);
        assertThat(count("event", recent)).isEqualTo(3);
    }

    @Test
    void aDayWithAPendingDeliveryIsKeptAndStaysClaimable() {
        LocalDate old = today.minusDays(33);
        history(old, "SUCCEEDED");
        UUID pending = history(old, "PENDING");

        assertThat(partitions.dropExpired()).doesNotContain(old);

        assertThat(attached("delivery", old)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM delivery WHERE event_id = ? AND status = 'PENDING'")
                        .param(pending)
                        .query(Long.class)
                        .single())
                .isOne();
        assertThat(count("event", old)).isEqualTo(2);

        jdbc.sql("UPDATE delivery SET status = 'SUCCEEDED' WHERE event_id = ?")
                .param(pending)
                .update();
        assertThat(partitions.dropExpired()).contains(old);
        assertThat(exists("delivery", old)).isFalse();
    }

    @Test
    void whatAReplicaThatDiedMidwayLeftDetachedIsFinishedOrAttachedBack() {
        LocalDate expired = today.minusDays(34);
        LocalDate kept = today.minusDays(3);
        history(expired, "SUCCEEDED");
        history(kept, "SUCCEEDED");
        for (LocalDate day : List.of(expired, kept)) {
            jdbc.sql("ALTER TABLE delivery DETACH PARTITION " + name("delivery", day))
                    .update();
        }

        assertThat(partitions.dropExpired()).containsExactly(expired);

        assertThat(exists("delivery", expired)).isFalse();
        assertThat(exists("event", expired)).isFalse();
        assertThat(attached("delivery", kept)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ?")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isOne();
    }

    /** An event of the day, its delivery with that status, and one attempt; returns the event's id. */
    private UUID history(LocalDate day, String status) {
        jdbc.sql("SELECT create_history_partitions(?, ?)")
                .params(day, day)
                .query(Integer.class)
                .single();
        UUID event = UUID.randomUUID();
        var at = day.atTime(12, 0).atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        WITH e AS (
                            INSERT INTO event (id, organization_id, type, payload, created_at)
                            VALUES (:event, :org, 'model.created', '{}', :at) RETURNING id, created_at),
                        d AS (
                            INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type,
                                                  status, attempt_count, attempts_allowed, next_attempt_at, created_at,
                                                  updated_at)
                            SELECT e.id, e.created_at, :endpoint, :org, 'model.created', :status, 1, 5, :at, :at, :at
                              FROM e RETURNING id, event_created_at)
                        INSERT INTO delivery_attempt (delivery_id, event_created_at, number, attempted_at, duration_ms)
                        SELECT d.id, d.event_created_at, 1, :at, 3 FROM d
                        """)
                .param("event", event)
                .param("org", org)
                .param("at", at)
                .param("endpoint", endpoint)
                .param("status", status)
                .update();
        return event;
    }

    private long count(String table, LocalDate day) {
        return jdbc.sql("SELECT count(*) FROM " + name(table, day))
                .query(Long.class)
                .single();
    }

    private boolean exists(String table, LocalDate day) {
        return jdbc.sql("SELECT to_regclass(?) IS NOT NULL")
                .param(name(table, day))
                .query(Boolean.class)
                .single();
    }

    private boolean attached(String table, LocalDate day) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(?))")
                .param(name(table, day))
                .query(Boolean.class)
                .single();
    }

    private static String name(String table, LocalDate day) {
        return table + "_" + day.toString().replace("-", "");
    }
}
