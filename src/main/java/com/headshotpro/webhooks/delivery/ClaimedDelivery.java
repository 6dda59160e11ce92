package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.SealedSecret;
import java.time.Instant;
import java.util.UUID;

/**
 * A delivery this replica holds under {@code leaseToken}, with all an attempt needs: where to send,
 * the sealed secret to sign with (opened by the endpoint feature), and the stored body. {@code endpointKind} is WEBHOOK, ENDPOINT or ZAPIER.
 * {@code endpointRemoved}: the endpoint went away or was disabled after this delivery was made (racing
 * the fan-out), so it is cancelled, not sent. {@code eventCreatedAt} names the day's partitions that hold
 * the delivery and its attempts. {@code readAt}
 * is when the endpoint was read and {@code leaseEndsAt} when the lease runs out, both on this replica's
 * System.nanoTime, so no wall clock, its own or the database's, decides whether an attempt may start.
 */
record ClaimedDelivery(
        long id,
        UUID leaseToken,
        UUID eventId,
        Instant eventCreatedAt,
        String eventType,
        String organizationId,
        UUID endpointId,
        String endpointKind,
        String url,
        SealedSecret secret,
        String payload,
        int attemptCount,
        int attemptsAllowed,
        boolean endpointRemoved,
        boolean paced,
        long readAt,
        long leaseEndsAt) {

    /** Nanoseconds of lease left at {@code now} (System.nanoTime). */
    long leaseLeft(long now) {
        return leaseEndsAt - now;
    }

    /**
     * Whether it is a retry that holds a share of the retries' permits: an attempt was made before, and no
     * pace bounds it (a paced endpoint's retries are few by its pace, and claimed in its lane). The claim and
     * the dispatcher keep these apart from first attempts.
     */
    boolean retry() {
        return attemptCount > 0 && !paced;
    }

    boolean toZapier() {
        return "ZAPIER".equals(endpointKind);
    }

    /** Whether it goes to an endpoint the organization registered beside its webhook. */
    boolean toOwnEndpoint() {
        return "ENDPOINT".equals(endpointKind);
    }

    @Override
    public String toString() {
        return "ClaimedDelivery[id=" + id + ", event=" + eventId + ", endpoint=" + endpointId + "]";
    }
}
