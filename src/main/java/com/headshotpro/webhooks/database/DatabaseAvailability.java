package com.headshotpro.webhooks.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether Postgres can be reached, as the service has last seen it. Whoever meets an outage (an API call,
 * the dispatcher, the outcome writer, a scheduled job) reports it here; the first report logs one WARN, and
 * while the outage lasts a probe every second notices its end and logs one more. No stack trace per request.
 *
 * <p>An outage's failures may be reported after the probe saw it end: a wait for a pooled connection that
 * began during the outage ends up to the pool's connection timeout later, failed with the outage's last
 * refused connection as its cause (Hikari keeps that until a connection succeeds, and backs off up to
 * seconds between attempts), and a connection the outage broke fails when it is next used. So for
 * {@link #SETTLING} after an end, a failure reported is taken for the database being unusable (the caller
 * answers 503 or hands its delivery back, as in the outage) but not for a new outage until the probe,
 * asked at once, fails too: one outage, one WARN when it starts and one when it ends.
 *
 * <p>A pool that has no connection free in time is not an outage: Postgres may be answering the
 * connections that are busy. Hikari's timeout carries the failure of its last attempt to connect, if that
 * attempt failed; without one the pool was merely busy. Whether Postgres answers is then asked on a
 * connection of the service's own ({@code databaseProbe}, never queued behind a pool), and readiness
 * ({@link DatabaseHealthIndicator}) asks the same way.
 */
@Component
public class DatabaseAvailability {

    /** How often a busy pool may have Postgres asked whether it answers. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    /**
     * How long after an outage ends its late failures may still be reported: longer than a wait for a pooled
     * connection (3 s) and than Hikari's longest pause between attempts to connect (5 s).
     */
    static final Duration SETTLING = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);
    private static final long BACK_OFF_STEP = TimeUnit.MILLISECONDS.toNanos(50);
    private static final String POOL_TIMEOUT = "Connection is not available, request timed out";

    private final JdbcTemplate probe;
    private final Clock clock;
    private final AtomicReference<@Nullable Instant> downSince = new AtomicReference<>();
    private final AtomicLong nextCheck = new AtomicLong(System.nanoTime());
    private final AtomicLong answeredUntil = new AtomicLong(System.nanoTime());
    private final AtomicLong settledAt = new AtomicLong(System.nanoTime());
    private final ReentrantLock asking = new ReentrantLock();

    /** {@code probe}: connections used for nothing but asking whether Postgres answers. */
    public DatabaseAvailability(@Qualifier("databaseProbe") DataSource probe, Clock clock) {
        this.probe = new JdbcTemplate(probe);
        this.probe.setQueryTimeout(2);
        this.clock = clock;
    }

    /**
     * Whether the failure means the database cannot be reached (refused, reset or timed-out connections,
     * a server shutting down), as opposed to a statement it refused or a pool that was busy.
     */
    public static boolean isOutage(Throwable failure) {
        Throwable timeout = poolTimeout(failure);
        if (timeout != null) {
            return timeout.getCause() != null && connectionFailed(timeout.getCause());
        }
        return connectionFailed(failure);
    }

    /** Whether the failure is a wait for a pooled connection that ran out while no attempt to connect had failed. */
    public static boolean isPoolBusy(Throwable failure) {
        return poolTimeout(failure) != null && !isOutage(failure);
    }

    private static @Nullable Throwable poolTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    && t.getMessage() != null
                    && t.getMessage().contains(POOL_TIMEOUT)) {
                return t;
            }
        }
        return null;
    }

    private static boolean connectionFailed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true; // connection exception; admin or crash shutdown, cannot connect now
                }
            }
        }
        return false;
    }

    /**
     * Reports a failure; returns whether it means the database cannot be used right now, for an outage
     * (reported) or a busy pool (Postgres is then asked, at most every {@link #CHECK_INTERVAL}, on the
     * probe's connection, whether it answers: an outage may hide behind connections that hang). In the
     * {@link #SETTLING} after an outage, an outage's failure is asked about the same way before it is
     * reported: it may be the last one's, met before its end and reported after.
     */
    public boolean report(Throwable failure) {
        if (isPoolBusy(failure)) {
            checkSoon();
            return true;
        }
        if (!isOutage(failure)) {
            return false;
        }
        if (System.nanoTime() - settledAt.get() < 0) {
            checkSoon();
        } else {
            down(failure);
        }
        return true;
    }

    public boolean available() {
        return downSince.get() == null;
    }

    /**
     * Whether Postgres answers, asked on the probe's connection: false during a known outage, and any
     * failure to ask starts one. Asked at most once every {@link #CHECK_INTERVAL}, by one caller at a
     * time: the others (health probes arriving together, say) take the last answer rather than queue for
     * the probe's connection, so that a burst of them is never mistaken for an outage.
     */
    public boolean answers() {
        if (!available()) {
            return false;
        }
        if (System.nanoTime() - answeredUntil.get() < 0 || !asking.tryLock()) {
            return true;
        }
        try {
            probe.queryForObject("SELECT 1", Integer.class);
            answeredUntil.set(System.nanoTime() + CHECK_INTERVAL.toNanos());
            return true;
        } catch (RuntimeException e) {
            down(e);
            return false;
        } finally {
            asking.unlock();
        }
    }

    /**
     * Waits {@code nanos}, or less when an outage that lasts as the wait starts ends meanwhile: for loops
     * that back off while the database cannot be used, to resume as soon as it answers again.
     */
    public void backOff(long nanos) {
        boolean down = !available();
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !(down && available()); left = until - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, BACK_OFF_STEP));
        }
    }

    /** When the current outage started, if there is one. */
    public @Nullable Instant downSince() {
        return downSince.get();
    }

    private void down(Throwable failure) {
        if (downSince.compareAndSet(null, clock.instant())) {
            log.warn(
                    "Database unavailable ({}); API calls answer 503 and deliveries wait until it is back",
                    summary(failure));
        }
    }

    private void checkSoon() {
        long now = System.nanoTime();
        long next = nextCheck.get();
        if (available() && now - next >= 0 && nextCheck.compareAndSet(next, now + CHECK_INTERVAL.toNanos())) {
            Thread.ofVirtual().name("database-check").start(this::answers);
        }
    }

    /** While an outage lasts, checks every second whether it is over. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void probe() {
        Instant since = downSince.get();
        if (since == null) {
            return;
        }
        try {
            probe.queryForObject("SELECT 1", Integer.class);
        } catch (RuntimeException e) {
            return;
        }
        settledAt.set(System.nanoTime() + SETTLING.toNanos()); // before the end: a report meanwhile is settling
        if (downSince.compareAndSet(since, null)) {
            log.warn(
                    "Database available again after {} s",
                    Duration.between(since, clock.instant()).toSeconds());
        }
    }

    private static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
