package com.headshotpro.webhooks.deliverylog;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Replays forgotten once they are past the retention and nothing of them is still to be sent. */
@IntegrationTest
@TestPropertySource(properties = "hooks.delivery.enabled=false")
class ReplayRetentionIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReplayRetention retention;

    final Instant now = Instant.now();

    @Test
    void aReplayOlderThanTheRetentionGoesOnceNoneOfItsDeliveriesIsPending() {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("INSERT INTO organization (id, name, api_enabled, created_at, updated_at) VALUES (?, 'A', true, ?, ?)")
                .params(org, utc(now), utc(now))
                .update();
        UUID webhook = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO endpoint (id, organization_id, kind, url, secret_ciphertext, secret_created_at, created_at)
                        VALUES (?, ?, 'WEBHOOK', 'https://hooks.example.com/x', '\\x00', ?, ?)
                        """).params(webhook, org, utc(now), utc(now)).update();
        long finished = replay(org, webhook, now.minus(Duration.ofDays(31)));
        long stillSending = replay(org, webhook, now.minus(Duration.ofDays(31)));
        long recent = replay(org, webhook, now.minus(Duration.ofDays(1)));
        delivery(org, webhook, finished, "SUCCEEDED");
        delivery(org, webhook, stillSending, "PENDING");

        assertThat(retention.purge()).isEqualTo(1);

        assertThat(jdbc.sql("SELECT id FROM replay WHERE organization_id = ?")
                        .param(org)
                        .query(Long.class)
                        .list())
                .containsExactlyInAnyOrder(stillSending, recent);
    }

    private long replay(String org, UUID endpoint, Instant createdAt) {
        return jdbc.sql("""
                        INSERT INTO replay (organization_id, endpoint_id, since, until, failed_only, deliveries, created_at)
                        VALUES (?, ?, ?, ?, true, 1, ?) RETURNING id
                        """)
                .params(org, endpoint, utc(createdAt.minusSeconds(60)), utc(createdAt), utc(createdAt))
                .query(Long.class)
                .single();
    }

    private void delivery(String org, UUID endpoint, long replay, String status) {
        jdbc.sql("""
                        INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type, status,
                                              attempts_allowed, next_attempt_at, created_at, updated_at, replay_id)
                        VALUES (?, ?, ?, ?, 'model.created', ?, 5, ?, ?, ?, ?)
                        """)
                .params(UUID.randomUUID(), utc(now), endpoint, org, status, utc(now), utc(now), utc(now), replay)
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
