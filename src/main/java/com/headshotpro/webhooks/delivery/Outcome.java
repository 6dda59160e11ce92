package com.headshotpro.webhooks.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What became of a claimed delivery: its attempts and its new state. {@code status} PENDING with no
 * attempts is a delivery handed back unattempted (its endpoint was busy).
 */
record Outcome(
        ClaimedDelivery delivery,
        String status,
        int attemptCount,
        Instant nextAttemptAt,
        @Nullable String lastError,
        List<Attempt> attempts) {

    /** One HTTP attempt as the delivery log shows it. */
    record Attempt(
            int number,
            Instant at,
            int durationMs,
            @Nullable Integer statusCode,
            @Nullable String error,
            @Nullable String response) {

        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        String describe() {
            return error != null ? error : "HTTP " + statusCode;
        }
    }

    long deliveryId() {
        return delivery.id();
    }

    UUID leaseToken() {
        return delivery.leaseToken();
    }

    static Outcome cancelled(ClaimedDelivery delivery, Instant now, List<Attempt> attempts) {
        int count = attempts.isEmpty()
                ? delivery.attemptCount()
                : attempts.getLast().number();
        return new Outcome(delivery, "CANCELLED", count, now, null, attempts);
    }

    static Outcome handedBack(ClaimedDelivery delivery, Instant due) {
        return new Outcome(delivery, "PENDING", delivery.attemptCount(), due, null, List.of());
    }
}
