package com.headshotpro.webhooks.delivery;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Prunes what is older than {@code hooks.retention}: succeeded and cancelled deliveries with their
 * attempts, then events no delivery refers to any more. Works in small
 * batches (idempotency keys expire on their own, see IdempotencyKeys), each its own short statement that skips rows other replicas hold, so it never takes long
 * locks and may run on every replica at once.
 */
@Component
class RetentionJob {

    static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    RetentionJob(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${hooks.retention-interval:10m}",
            initialDelayString = "${hooks.retention-interval:10m}")
    void scheduled() {
        try {
            prune();
        } catch (RuntimeException e) {
            log.warn("Pruning old deliveries failed; trying again next time: {}", e.getMessage());
        }
    }

    /** Returns how many deliveries and events it removed. */
    long prune() {
        Instant now = clock.instant();
        var cutoff = DeliveryStore.utc(now.minus(properties.retention()));
        long removed = 0;
        int n;
        do {
            n = jdbc.sql("""
                            DELETE FROM delivery WHERE id IN (
                                SELECT id FROM delivery
                                 WHERE status IN ('SUCCEEDED', 'CANCELLED') AND updated_at < ?
                                 LIMIT ? FOR UPDATE SKIP LOCKED)
                            """).params(cutoff, BATCH).update();
            removed += n;
        } while (n == BATCH);
        do {
            n = jdbc.sql("""
                            DELETE FROM event WHERE id IN (
                                SELECT e.id FROM event e
                                 WHERE e.created_at < ? AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id)
                                 LIMIT ? FOR UPDATE SKIP LOCKED)
                            """).params(cutoff, BATCH).update();
            removed += n;
        } while (n == BATCH);
        if (removed > 0) {
            log.info("Pruned {} deliveries and events older than {}", removed, properties.retention());
        }
        return removed;
    }
}
