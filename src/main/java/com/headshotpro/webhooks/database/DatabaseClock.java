package com.headshotpro.webhooks.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database's clock, read through this replica's: the local clock plus the offset to Postgres's
 * {@code clock_timestamp()}, measured at start and every minute (the midpoint of the round trip). Leases
 * and due times written by one replica are compared by another, so all of them must tell time alike; a
 * replica whose own clock is off by a minute still claims, leases and schedules on the database's time.
 * The local clock is a seam: tests give a skewed one, and steer time by replacing this bean.
 */
public final class DatabaseClock extends Clock {

    /** A measured offset further from the last than this is logged. */
    static final Duration NOTABLE_CHANGE = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);

    private final Clock local;
    private final JdbcClient jdbc;
    private volatile Duration offset = Duration.ZERO;

    public DatabaseClock(Clock local, JdbcClient jdbc) {
        this.local = local;
        this.jdbc = jdbc;
    }

    /** Measures the offset to the database's clock now; keeps the last one if the database cannot be reached. */
    public void synchronize() {
        try {
            Instant before = local.instant();
            OffsetDateTime database = jdbc.sql("SELECT clock_timestamp()")
                    .query(OffsetDateTime.class)
                    .single();
            Instant after = local.instant();
            Instant midpoint = before.plus(Duration.between(before, after).dividedBy(2));
            Duration measured = Duration.between(midpoint, database.toInstant());
            if (measured.minus(offset).abs().compareTo(NOTABLE_CHANGE) > 0) {
                log.info(
                        "This replica's clock is {} off the database's; using the database's time", measured.negated());
            }
            offset = measured;
        } catch (RuntimeException e) {
            log.debug("Could not read the database's clock; keeping the offset of {}", offset, e);
        }
    }

    /** How far the database's clock is ahead of the local one. */
    public Duration offset() {
        return offset;
    }

    @Override
    public Instant instant() {
        return local.instant().plus(offset);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the database clock is UTC");
    }
}
