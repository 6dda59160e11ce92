package com.headshotpro.webhooks.database;

import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} health indicator (in readiness), in place of Boot's: whether Postgres answers, asked on
 * the probe's own connection. Boot's asks on a pooled connection, so a pool that API requests have used
 * up would take the replica out of the load balancer while Postgres answers every one of them.
 */
final class DatabaseHealthIndicator implements HealthIndicator {

    private final DatabaseAvailability database;

    DatabaseHealthIndicator(DatabaseAvailability database) {
        this.database = database;
    }

    @Override
    public Health health() {
        if (database.answers()) {
            return Health.up().withDetail("database", "PostgreSQL").build();
        }
        Instant since = database.downSince();
        return Health.down().withDetail("downSince", String.valueOf(since)).build();
    }
}
