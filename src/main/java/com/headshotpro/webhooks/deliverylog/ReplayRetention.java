package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.database.RetentionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets replays made longer than {@code hooks.retention} ago, once none of their deliveries is pending
 * (a replay still being delivered keeps counting as running). Their deliveries keep their own history.
 */
@Component
class ReplayRetention {

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Clock clock;

    ReplayRetention(JdbcClient jdbc, RetentionProperties retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention.retention();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
    void scheduled() {
        purge();
    }

    /** Returns how many replays it deleted. */
    int purge() {
        Instant cutoff = clock.instant().minus(retention);
        return jdbc.sql("""
                        DELETE FROM replay r
                         WHERE r.created_at < ?
                           AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.replay_id = r.id AND d.status = 'PENDING')
                        """).param(ReplayStore.utc(cutoff)).update();
    }
}
