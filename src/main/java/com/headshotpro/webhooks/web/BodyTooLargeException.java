package com.headshotpro.webhooks.web;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A request body went past its limit ({@link RequestSizeLimitFilter}). */
class BodyTooLargeException extends IOException {

    private final int limit;

    BodyTooLargeException(int limit) {
        super("Request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    ProblemDetail problem() {
        return problem(limit);
    }

    static ProblemDetail problem(int limit) {
        String size = limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MiB" : limit / 1024 + " KiB";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + size);
        problem.setTitle("Request body too large");
        return problem;
    }
}
