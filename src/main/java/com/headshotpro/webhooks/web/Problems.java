package com.headshotpro.webhooks.web;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Problems made in more than one place: by the MVC advice and by filters, where the advice does not reach. */
public final class Problems {

    /** What a 503 during a database outage tells the caller to wait. */
    public static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);

    /** What a 503 tells the caller to wait when every database connection was busy. */
    public static final Duration RETRY_AFTER_BUSY = Duration.ofSeconds(1);

    private Problems() {}

    /** A request the security firewall refused: an encoded NUL, a line break or a traversal in its URL or headers. */
    public static ProblemDetail malformedRequest() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request URL or its headers hold characters the service refuses");
        problem.setTitle("Malformed request");
        return problem;
    }

    /**
     * The 503 for a failure that {@link DatabaseAvailability#report} took for the database being unusable
     * now: no connection free in time, or an outage.
     */
    public static ProblemDetail databaseUnavailable(Throwable failure) {
        if (!DatabaseAvailability.isPoolBusy(failure)) {
            return databaseUnavailable();
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The service is too busy to take this request right now. Try again shortly; with an Idempotency-Key a retry is safe.");
        problem.setTitle("Service busy");
        return problem;
    }

    /** The Retry-After, in seconds, of {@link #databaseUnavailable(Throwable)}. */
    public static String retryAfter(Throwable failure) {
        Duration wait = DatabaseAvailability.isPoolBusy(failure) ? RETRY_AFTER_BUSY : RETRY_AFTER_OUTAGE;
        return Long.toString(wait.toSeconds());
    }

    private static ProblemDetail databaseUnavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The service cannot reach its database right now. Try again shortly; with an Idempotency-Key a retry is safe.");
        problem.setTitle("Service unavailable");
        return problem;
    }
}
