package com.headshotpro.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Removed endpoints forgotten once their removal is past the retention, with what follows them. */
@IntegrationTest
@TestPropertySource(properties = "hooks.delivery.enabled=false")
class RemovedEndpointsIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RemovedEndpoints removed;

    @Autowired
    SettableClock clock;

    final Instant now = Instant.now();
    String org;

    @BeforeEach
    void organization() {
        org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("INSERT INTO organization (id, name, api_enabled, created_at, updated_at) VALUES (?, 'A', true, ?, ?)")
                .params(org, utc(now), utc(now))
                .update();
    }

    @Test
    void anEndpointRemovedLongerThanTheRetentionAgoIsDeletedWithItsHealthAndReplays() {
        UUID old = endpoint("ZAPIER", now.minus(Duration.ofDays(31)));
        UUID recent = endpoint("ZAPIER", now.minus(Duration.ofDays(29)));
        UUID active = endpoint("WEBHOOK", null);
        for (UUID id : List.of(old, recent, active)) {
            jdbc.sql("INSERT INTO endpoint_health (endpoint_id, failing_since) VALUES (?, ?)")
                    .params(id, utc(now.minus(Duration.ofDays(40))))
                    .update();
        }
        jdbc.sql("""
                        INSERT INTO replay (organization_id, endpoint_id, since, until, failed_only, deliveries, created_at)
                        VALUES (?, ?, ?, ?, true, 0, ?)
                        """)
                .params(
                        org,
                        old,
                        utc(now.minus(Duration.ofDays(35))),
                        utc(now.minus(Duration.ofDays(34))),
                        utc(now.minus(Duration.ofDays(33))))
                .update();

        removed.purge();

        assertThat(endpointsOf(org)).containsExactlyInAnyOrder(recent, active);
        assertThat(jdbc.sql("SELECT endpoint_id FROM endpoint_health WHERE endpoint_id IN (?, ?, ?)")
                        .params(old, recent, active)
                        .query(UUID.class)
                        .list())
                .containsExactlyInAnyOrder(recent, active);
        assertThat(jdbc.sql("SELECT count(*) FROM replay WHERE organization_id = ?")
                        .param(org)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theRetentionIsTakenOnTheServicesClock() {
        UUID recent = endpoint("ZAPIER", now.minus(Duration.ofDays(29)));
        removed.purge();
        assertThat(endpointsOf(org)).containsExactly(recent);

        clock.advance(Duration.ofDays(2));
        try {
            removed.purge();
        } finally {
            clock.advance(Duration.ofDays(-2));
        }
        assertThat(endpointsOf(org)).isEmpty();
    }

    private UUID endpoint(String kind, @Nullable Instant deletedAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO endpoint (id, organization_id, kind, url, event_type, secret_ciphertext,
                                              secret_created_at, created_at, deleted_at)
                        VALUES (?, ?, ?, 'https://hooks.example.com/x', ?, '\\x00', ?, ?, ?)
                        """)
                .params(
                        id,
                        org,
                        kind,
                        kind.equals("ZAPIER") ? "model.created" : null,
                        utc(now.minus(Duration.ofDays(60))),
                        utc(now.minus(Duration.ofDays(60))),
                        deletedAt == null ? null : utc(deletedAt))
                .update();
        return id;
    }

    private List<UUID> endpointsOf(String organization) {
        return jdbc.sql("SELECT id FROM endpoint WHERE organization_id = ?")
                .param(organization)
                .query(UUID.class)
                .list();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
