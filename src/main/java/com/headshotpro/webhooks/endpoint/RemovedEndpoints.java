package com.headshotpro.webhooks.endpoint;

import com.headshotpro.webhooks.database.RetentionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets removed endpoints once their removal is older than {@code hooks.retention}: the delivery log
 * kept naming them until their deliveries were past retention too (what follows an endpoint, its
 * health and its replays, goes with it; see V10). Every replica may run this, in batches that skip
 * rows another replica is deleting.
 */
@Component
class RemovedEndpoints {

    static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Clock clock;

    RemovedEndpoints(JdbcClient jdbc, RetentionProperties retention, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention.retention();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
    void scheduled() {
        purge();
    }

    /** Returns how many endpoints it deleted. */
    int purge() {
        Instant cutoff = clock.instant().minus(retention);
        int purged = 0;
        int batch;
        do {
            batch = jdbc.sql("""
                            DELETE FROM endpoint WHERE id IN (
                                SELECT id FROM endpoint WHERE deleted_at < ? ORDER BY deleted_at LIMIT ?
                                   FOR UPDATE SKIP LOCKED)
                            """).params(cutoff.atOffset(ZoneOffset.UTC), BATCH).update();
            purged += batch;
        } while (batch == BATCH);
        return purged;
    }
}
