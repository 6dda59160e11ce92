package com.headshotpro.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The retry ladder: after the n-th failed attempt wait {@code delays[n-1]}; once the delays are used up
 * the delivery has failed: one attempt more than delays in all ({@code hooks.delivery.retry-delays},
 * whose default {@link DeliveryProperties} holds).
 */
record RetryLadder(List<Duration> delays) {

    public RetryLadder {
        delays = List.copyOf(delays);
        if (delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** Attempts a delivery gets before it is marked failed. */
    public int attempts() {
        return delays.size() + 1;
    }

    /**
     * When to try again after attempt {@code failedAttempt} (1-based) failed at {@code failedAt}, or
     * empty when no attempt is left of {@code attemptsAllowed}.
     */
    public Optional<Instant> nextAttempt(int failedAttempt, int attemptsAllowed, Instant failedAt) {
        if (failedAttempt >= attemptsAllowed || failedAttempt > delays.size()) {
            return Optional.empty();
        }
        return Optional.of(failedAt.plus(delays.get(failedAttempt - 1)));
    }

    /** Whether the attempt after failed attempt {@code failedAttempt} follows it at once (a {@code 0s} rung). */
    public boolean retriesAtOnce(int failedAttempt, int attemptsAllowed) {
        return failedAttempt < attemptsAllowed
                && failedAttempt <= delays.size()
                && delays.get(failedAttempt - 1).isZero();
    }

    /**
     * How many attempts, starting with attempt {@code firstAttempt}, follow each other without a wait:
     * those are made in-process, the rest are scheduled in the database.
     */
    public int immediateAttempts(int firstAttempt, int attemptsAllowed) {
        int attempts = 1;
        while (retriesAtOnce(firstAttempt + attempts - 1, attemptsAllowed)) {
            attempts++;
        }
        return attempts;
    }
}
