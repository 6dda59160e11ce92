package com.headshotpro.webhooks.failure;

import java.time.Duration;

/** The caller asked for more than its limit; it may ask again after {@link #retryAfter}. */
public final class LimitExceededException extends Failure {

    private final Duration retryAfter;

    public LimitExceededException(String detail, Duration retryAfter) {
        super(null, detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter} in whole seconds, rounded up and at least one. */
    public long retryAfterSeconds() {
        return wholeSeconds(retryAfter);
    }

    /** A wait in whole seconds, rounded up and at least one, as a detail saying it should count them. */
    public static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
