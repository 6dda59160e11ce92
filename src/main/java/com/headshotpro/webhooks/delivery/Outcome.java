package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.transport.Attempt;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What became of a claimed delivery: its attempts and its new state. {@code status} PENDING with no
 * attempts is a delivery handed back unattempted (its lane was full, its lease too short, or the replica
 * stopping), due at {@code nextAttemptAt}.
 */
record Outcome(
        ClaimedDelivery delivery,
        Status status,
        int attemptCount,
        Instant nextAttemptAt,
        @Nullable String lastError,
        List<Attempt> attempts) {

    /** The states of a delivery, as stored. */
    enum Status {
        PENDING,
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    Outcome {
        lastError = lastError == null ? null : Attempt.cleanError(lastError);
        attempts = List.copyOf(attempts);
    }

    long deliveryId() {
        return delivery.id();
    }

    UUID leaseToken() {
        return delivery.leaseToken();
    }

    boolean handedBack() {
        return status == Status.PENDING && attempts.isEmpty();
    }

    /** The same outcome with every text reduced to what any database can store; see {@link Attempt#reduced}. */
    Outcome reduced() {
        return new Outcome(
                delivery,
                status,
                attemptCount,
                nextAttemptAt,
                lastError == null ? null : lastError.replaceAll("[^\\x20-\\x7e]", "?"),
                attempts.stream().map(Attempt::reduced).toList());
    }

    static Outcome cancelled(ClaimedDelivery delivery, Instant now, List<Attempt> attempts) {
        int count = attempts.isEmpty()
                ? delivery.attemptCount()
                : attempts.getLast().number();
        return new Outcome(delivery, Status.CANCELLED, count, now, null, attempts);
    }

    static Outcome handedBack(ClaimedDelivery delivery, Instant due) {
        return new Outcome(delivery, Status.PENDING, delivery.attemptCount(), due, null, List.of());
    }
}
