package com.headshotpro.webhooks.web;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.Failure;
import com.headshotpro.webhooks.failure.InvalidCredentialsException;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.failure.LimitExceededException;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.failure.NotPermittedException;
import com.headshotpro.webhooks.failure.TooLargeException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Problems made in more than one place: by the MVC advice and by filters, where the advice does not reach. */
public final class Problems {

    /** What a 503 during a database outage tells the caller to wait. */
    public static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);

    /** What a 503 tells the caller to wait when every database connection was busy. */
    public static final Duration RETRY_AFTER_BUSY = Duration.ofSeconds(1);

    private Problems() {}

    /**
     * The problem a service's {@link Failure} is answered with, the one place each kind gets its status:
     * its own title or its kind's, its message as the detail, and the field an invalid one names.
     */
    public static ProblemDetail of(Failure failure) {
        Answer answer = answer(failure);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(answer.status(), failure.getMessage());
        problem.setTitle(failure.title() != null ? failure.title() : answer.title());
        if (failure instanceof InvalidFieldException invalid) {
            problem.setProperty("errors", List.of(new FieldError(invalid.field(), invalid.reason())));
        }
        return problem;
    }

    /** The Retry-After, in seconds, of a failure that says when to ask again; null for the others. */
    public static @Nullable String retryAfterOf(Failure failure) {
        return failure instanceof LimitExceededException limit ? Long.toString(limit.retryAfterSeconds()) : null;
    }

    private record Answer(HttpStatus status, String title) {}

    private static Answer answer(Failure failure) {
        return switch (failure) {
            case NotFoundException f -> new Answer(HttpStatus.NOT_FOUND, "Not found");
            case ConflictException f -> new Answer(HttpStatus.CONFLICT, "Conflict");
            case InvalidFieldException f -> new Answer(HttpStatus.BAD_REQUEST, "Invalid request");
            case LimitExceededException f -> new Answer(HttpStatus.TOO_MANY_REQUESTS, "Too many requests");
            case TooLargeException f -> new Answer(HttpStatus.UNPROCESSABLE_CONTENT, "Request too large");
            case InvalidCredentialsException f -> new Answer(HttpStatus.UNAUTHORIZED, "Unauthorized");
            case NotPermittedException f -> new Answer(HttpStatus.FORBIDDEN, "Forbidden");
        };
    }

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
