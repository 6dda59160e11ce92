package com.headshotpro.webhooks.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Problems made in more than one place: by the MVC advice and by filters, where the advice does not reach. */
public final class Problems {

    /** What a 503 during a database outage tells the caller to wait. */
    public static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);

    private Problems() {}

    /** A request the security firewall refused: an encoded NUL, a line break or a traversal in its URL or headers. */
    public static ProblemDetail malformedRequest() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request URL or its headers hold characters the service refuses");
        problem.setTitle("Malformed request");
        return problem;
    }

    public static ProblemDetail databaseUnavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The service cannot reach its database right now. Try again shortly; with an Idempotency-Key a retry is safe.");
        problem.setTitle("Service unavailable");
        return problem;
    }
}
