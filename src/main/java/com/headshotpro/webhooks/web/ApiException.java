package com.headshotpro.webhooks.web;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A failure the API reports as an RFC 9457 problem: the status, a stable title, and a detail for
 * people. Thrown by services; turned into {@code application/problem+json} by {@link ProblemDetailsAdvice}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final @Nullable FieldError fieldError;
    private final @Nullable Duration retryAfter;

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null, null);
    }

    private ApiException(
            HttpStatus status,
            String title,
            String detail,
            @Nullable FieldError fieldError,
            @Nullable Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fieldError = fieldError;
        this.retryAfter = retryAfter;
    }

    /** 400 naming the one offending field, as validation failures do. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "Invalid request",
                "'" + field + "' " + message,
                new FieldError(field, message),
                null);
    }

    /** 429: the caller asked for more than its limit; it may ask again after {@code retryAfter}. */
    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, null, retryAfter);
    }

    /** 422: a well-formed request the service will not carry out as asked (over a size limit, say). */
    public static ApiException unprocessable(String title, String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, title, detail);
    }

    /** 401, as the security filters answer a missing or unknown credential. */
    public static ApiException unauthorized() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", "Missing or invalid credentials");
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " not found");
    }

    public static ApiException conflict(String detail) {
        return conflict("Conflict", detail);
    }

    /** 409 with a title of its own, for a conflict callers tell apart from others. */
    public static ApiException conflict(String title, String detail) {
        return new ApiException(HttpStatus.CONFLICT, title, detail);
    }

    public static ApiException apiFeatureDisabled() {
        return new ApiException(
                HttpStatus.FORBIDDEN,
                "API feature not enabled",
                "The organization's API feature is not enabled; contact support to turn it on");
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    @Nullable
    FieldError fieldError() {
        return fieldError;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
