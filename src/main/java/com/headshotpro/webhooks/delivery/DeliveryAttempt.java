package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.transport.Attempt;
import com.headshotpro.webhooks.transport.WebhookClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes the attempts of a claimed delivery that are due now: the first, and the immediate retries the
 * ladder puts right after a failure (through one Spring Retry template; a paced delivery makes none, its
 * next attempt is due at once and waits for its endpoint's pace like any other), each to the endpoint's current
 * URL, signed with its current secret; none once the endpoint is removed. An attempt starts only with
 * enough of the lease left to finish it; whatever fails, the result is an {@link Outcome}: a failure that
 * is not HTTP (a secret that cannot be opened, an endpoint whose row cannot be read) is a failed attempt
 * like any other. An attempt that cannot start because the database cannot be used (down, or no
 * connection free in time) is the service's fault, not the receiver's: no attempt is made or recorded, and
 * the delivery is handed back, due again at once, its ladder untouched (the outcome is written once the
 * database answers, and a poller that cannot claim backs off meanwhile).
 *
 * <p>The receiver's signals: a 429 or 503 with {@code Retry-After} sets the next attempt's time in place
 * of the ladder's delay (no immediate retry); a 410 Gone ends the delivery at once, failed for the
 * webhook; an endpoint of the organization's own is disabled (until it is enabled again), and a Zapier
 * subscription removed, each with what was still to be sent to it cancelled.
 */
@Component
class DeliveryAttempt {

    /** Tells the retry template to make the next attempt now; carries nothing. */
    private static final class RetryAtOnce extends RuntimeException {
        RetryAtOnce() {
            super(null, null, false, false);
        }
    }

    private static final RetryAtOnce RETRY_AT_ONCE = new RetryAtOnce();

    /** Stands for an attempt that did not start because the database could not be used; never recorded. */
    private static final Attempt NOT_STARTED = Attempt.failed(0, Instant.EPOCH, 0, "not started");

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempt.class);

    private final WebhookClient client;
    private final EndpointService endpointService;
    private final EndpointSnapshots endpoints;
    private final DatabaseAvailability database;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final RetryLadder ladder;
    private final RetryTemplate immediateRetries;
    private final long leaseNeededNanos;

    DeliveryAttempt(
            WebhookClient client,
            EndpointService endpointService,
            EndpointSnapshots endpoints,
            DatabaseAvailability database,
            DeliveryMetrics metrics,
            DeliveryProperties properties,
            Clock clock) {
        this.client = client;
        this.endpointService = endpointService;
        this.endpoints = endpoints;
        this.database = database;
        this.metrics = metrics;
        this.clock = clock;
        this.ladder = properties.ladder();
        this.immediateRetries = RetryTemplate.builder()
                .maxAttempts(ladder.immediateAttempts(1, ladder.attempts()))
                .retryOn(RetryAtOnce.class)
                .noBackoff()
                .build();
        this.leaseNeededNanos = properties.leaseNeededPerAttempt().toNanos();
    }

    /**
     * Attempts the delivery while {@code running} holds and its lease has room; an attempt that cannot
     * start is left due now, for this replica or another.
     */
    Outcome make(ClaimedDelivery delivery, BooleanSupplier running) {
        if (!mayStart(delivery, running)) {
            return Outcome.handedBack(delivery, clock.instant());
        }
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        int first = delivery.attemptCount() + 1;
        List<Attempt> attempts = new ArrayList<>(1);
        Attempt last = immediateRetries.execute(
                context -> {
                    Attempt attempt = attemptOnce(delivery, first + context.getRetryCount(), body);
                    if (attempt == null || attempt == NOT_STARTED) {
                        return attempt; // the endpoint is gone, or could not be read
                    }
                    attempts.add(attempt);
                    metrics.attempt(attempt);
                    if (!attempt.succeeded()
                            && attempt.retryAfter() == null
                            && !gone(attempt)
                            && !delivery.paced()
                            && ladder.retriesAtOnce(attempt.number(), delivery.attemptsAllowed())
                            && mayStart(delivery, running)) {
                        throw RETRY_AT_ONCE;
                    }
                    return attempt;
                },
                context -> attempts.getLast());
        if (last == null) {
            return Outcome.cancelled(delivery, clock.instant(), attempts);
        }
        if (last == NOT_STARTED) {
            return attempts.isEmpty()
                    ? Outcome.handedBack(delivery, clock.instant())
                    : outcome(delivery, attempts, attempts.getLast()); // as an immediate retry that did not fit
        }
        return outcome(delivery, attempts, last);
    }

    private boolean mayStart(ClaimedDelivery delivery, BooleanSupplier running) {
        return running.getAsBoolean() && delivery.leaseLeft(System.nanoTime()) >= leaseNeededNanos;
    }

    /**
     * One attempt; null when the endpoint was removed before it could start, {@link #NOT_STARTED} when the
     * database could not be used to read it.
     */
    private @Nullable Attempt attemptOnce(ClaimedDelivery delivery, int number, byte[] body) {
        Instant at = clock.instant();
        EndpointSnapshots.Snapshot endpoint;
        try {
            endpoint = endpoints.current(delivery.endpointId());
        } catch (RuntimeException e) {
            if (database.report(e)) {
                return NOT_STARTED;
            }
            return Attempt.failed(
                    number, at, 0, "endpoint could not be read: " + e.getClass().getSimpleName());
        }
        if (endpoint.removed()) {
            return null;
        }
        String secret = endpoint.secret();
        if (secret == null) {
            return Attempt.failed(number, at, 0, "signing secret could not be decrypted");
        }
        return client.send(number, endpoint.url(), secret, delivery.eventType(), delivery.eventId(), body);
    }

    private Outcome outcome(ClaimedDelivery delivery, List<Attempt> attempts, Attempt last) {
        if (last.succeeded()) {
            return new Outcome(delivery, Outcome.Status.SUCCEEDED, last.number(), last.at(), null, attempts);
        }
        Instant failedAt = last.at().plusMillis(last.durationMs());
        if (gone(last)) {
            return goneOutcome(delivery, attempts, last, failedAt);
        }
        return ladder.nextAttempt(last.number(), delivery.attemptsAllowed(), failedAt)
                .map(next -> last.retryAfter() == null ? next : failedAt.plus(last.retryAfter()))
                .map(next ->
                        new Outcome(delivery, Outcome.Status.PENDING, last.number(), next, last.describe(), attempts))
                .orElseGet(() -> new Outcome(
                        delivery, Outcome.Status.FAILED, last.number(), failedAt, last.describe(), attempts));
    }

    private static boolean gone(Attempt attempt) {
        return Integer.valueOf(410).equals(attempt.statusCode());
    }

    /**
     * 410 Gone: the webhook's delivery fails at once; an endpoint of the organization's own is disabled, as
     * Svix does, so that a receiver taken down stops being called and its owner can enable it again; a Zapier
     * subscription is removed, as REST hooks ask.
     */
    private Outcome goneOutcome(ClaimedDelivery delivery, List<Attempt> attempts, Attempt last, Instant at) {
        if (delivery.toOwnEndpoint()) {
            try {
                endpointService.disable(delivery.endpointId(), "The endpoint answered 410 Gone.");
            } catch (RuntimeException e) {
                log.warn(
                        "Could not disable endpoint {} after 410 Gone; the next delivery to it tries again: {}",
                        delivery.endpointId(),
                        e.toString());
            }
            return new Outcome(
                    delivery, Outcome.Status.FAILED, last.number(), at, "HTTP 410 Gone: endpoint disabled", attempts);
        }
        if (!delivery.toZapier()) {
            return new Outcome(delivery, Outcome.Status.FAILED, last.number(), at, "HTTP 410 Gone", attempts);
        }
        try {
            endpointService.removeGoneSubscription(delivery.endpointId());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not remove Zapier subscription {} after 410 Gone; the next delivery to it tries again: {}",
                    delivery.endpointId(),
                    e.toString());
        }
        return new Outcome(
                delivery, Outcome.Status.CANCELLED, last.number(), at, "HTTP 410 Gone: subscription removed", attempts);
    }
}
