package com.headshotpro.webhooks.web;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A request body went past {@link RequestSizeLimitFilter#MAX_BODY_BYTES}. */
public class BodyTooLargeException extends IOException {

    BodyTooLargeException() {
        super("Request body exceeds " + RequestSizeLimitFilter.MAX_BODY_BYTES + " bytes");
    }

    static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than 64 KiB");
        problem.setTitle("Request body too large");
        return problem;
    }
}
