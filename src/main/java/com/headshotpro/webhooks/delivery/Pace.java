package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.transport.Attempt;

/**
 * How an organization's own endpoint's pace follows its receiver: a 429 or 503 without {@code Retry-After}
 * (the receiver is struggling and did not say for how long) halves the pace it is sent at, down to one
 * request a second; each second with successes and no such answer raises it again by a step, a tenth of
 * its ceiling (at least one), until it is back at the ceiling: its {@code maxPerSecond}, or
 * {@link #CEILING} for an endpoint without one, where it is no longer slowed. The claim
 * ({@link DeliveryStore#claimDue}) keeps every pace across replicas; the completions
 * ({@link DeliveryStore#complete}) move it.
 */
final class Pace {

    /** The highest pace, and the one an endpoint without a maximum is halved from: the most maxPerSecond may be. */
    static final int CEILING = 1000;

    /** The climb back takes this many steps from one request a second to the ceiling. */
    static final int STEPS = 10;

    private Pace() {}

    /** Whether the attempt asks for a slower pace: 429 or 503, with no Retry-After that says when to come back. */
    static boolean slowsDown(Attempt attempt) {
        Integer status = attempt.statusCode();
        return status != null && (status == 429 || status == 503) && attempt.retryAfter() == null;
    }
}
