package com.headshotpro.webhooks.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether Postgres can be reached, as the service has last seen it. Whoever meets an outage (an API call,
 * the dispatcher, the outcome writer) reports it here; the first report logs one WARN, and while the
 * outage lasts a probe every second notices its end and logs one more. No stack trace per request.
 */
@Component
public class DatabaseAvailability {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<@Nullable Instant> downSince = new AtomicReference<>();

    public DatabaseAvailability(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Whether the failure means the database cannot be reached (refused, reset or timed-out connections,
     * a server shutting down), as opposed to a statement it refused.
     */
    public static boolean isOutage(Throwable failure) {
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

    /** Reports a failure; returns whether it was an outage (and so reported). */
    public boolean report(Throwable failure) {
        if (!isOutage(failure)) {
            return false;
        }
        if (downSince.compareAndSet(null, clock.instant())) {
            log.warn(
                    "Database unavailable ({}); API calls answer 503 and deliveries wait until it is back",
                    summary(failure));
        }
        return true;
    }

    public boolean available() {
        return downSince.get() == null;
    }

    /** While an outage lasts, checks every second whether it is over. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void probe() {
        Instant since = downSince.get();
        if (since == null) {
            return;
        }
        try {
            jdbc.sql("SELECT 1").query(Integer.class).single();
        } catch (RuntimeException e) {
            return;
        }
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
