package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Claims due deliveries, sends them, and hands their outcomes to {@link DeliveryCompletions}.
 *
 * <p>New deliveries arrive already claimed, right after their transaction commits ({@link #handOff});
 * a poller claims the rest in batches (retries, deliveries of crashed replicas, deliveries made by
 * API-only replicas). Every delivery runs on a virtual thread; at most {@code max-in-flight} run at
 * once, and at most {@code max-in-flight-per-endpoint} to one endpoint, with a bounded line waiting
 * behind them ({@link EndpointLanes}); the poller claims nothing for an endpoint whose line is long, and
 * what cannot wait is handed back unattempted, so one slow receiver cannot hold up the others. Every
 * attempt uses the endpoint as it is when the attempt starts ({@link EndpointSnapshots}). Immediate
 * retries happen in-process through Spring Retry; every later rung of the ladder is a row in the
 * database.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

    /** Stops after the web server (graceful shutdown at MAX-1024, stop at MAX-2048): no hand-off is lost. */
    static final int PHASE = Integer.MAX_VALUE - 4096;

    static final Duration BUSY_ENDPOINT_BACKOFF = Duration.ofSeconds(1);
    static final Duration LEASE_MARGIN = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final DeliveryProperties properties;
    private final DeliveryStore store;
    private final DeliveryCompletions completions;
    private final WebhookClient client;
    private final SecretCipher cipher;
    private final EndpointSnapshots endpoints;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final RetryLadder ladder;
    private final RetryTemplate[] immediateRetries;
    private final Semaphore inFlight;
    private final EndpointLanes lanes;
    private final int maxBuffered;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private volatile Thread poller = Thread.ofPlatform().unstarted(() -> {});

    DeliveryDispatcher(
            DeliveryProperties properties,
            DeliveryStore store,
            DeliveryCompletions completions,
            WebhookClient client,
            SecretCipher cipher,
            EndpointSnapshots endpoints,
            DeliveryMetrics metrics,
            Clock clock) {
        this.properties = properties;
        this.store = store;
        this.completions = completions;
        this.client = client;
        this.cipher = cipher;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.clock = clock;
        this.ladder = new RetryLadder(properties.retryDelays());
        this.immediateRetries = new RetryTemplate[ladder.attempts() + 1];
        for (int attempts = 1; attempts <= ladder.attempts(); attempts++) {
            immediateRetries[attempts] = RetryTemplate.builder()
                    .maxAttempts(attempts)
                    .retryOn(FailedAttemptException.class)
                    .noBackoff()
                    .build();
        }
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.lanes = new EndpointLanes(
                properties.maxInFlightPerEndpoint(),
                properties.batchSize(),
                laneWait(properties, ladder).toNanos(),
                () -> LockSupport.unpark(poller));
        this.maxBuffered = 16 * properties.batchSize();
    }

    /**
     * How long a claimed delivery may wait in its lane: what the lease leaves after the longest run of
     * immediate attempts. A lease too short for that would let a second replica send the same delivery
     * while the first still works on it, so it refuses to start.
     */
    static Duration laneWait(DeliveryProperties properties, RetryLadder ladder) {
        Duration work = properties.requestTimeout().multipliedBy(ladder.immediateAttempts(1, ladder.attempts()));
        Duration wait = properties.lease().minus(work).minus(LEASE_MARGIN);
        if (wait.compareTo(Duration.ofMillis(500)) < 0) {
            throw new IllegalStateException("hooks.delivery.lease (" + properties.lease()
                    + ") must exceed the longest run of immediate attempts (" + work
                    + ", request-timeout times the attempts retry-delays makes back to back) by at least 1.5s");
        }
        return wait;
    }

    RetryLadder ladder() {
        return ladder;
    }

    /** Whether this replica sends: new deliveries are then claimed by it from the start. */
    boolean sending() {
        return properties.enabled();
    }

    /** Sends deliveries this replica claimed as it created them; called after their transaction commits. */
    void handOff(List<ClaimedDelivery> deliveries) {
        for (ClaimedDelivery delivery : deliveries) {
            endpoints.offer(delivery);
            if (running && inFlight.tryAcquire()) {
                start(delivery);
            } else {
                handBack(delivery, clock.instant());
            }
        }
    }

    /** Claims and starts a batch of due deliveries; returns how many it claimed, or a reason it could not. */
    int pollOnce() {
        int permits = inFlight.availablePermits();
        if (permits == 0) {
            return NO_PERMITS;
        }
        int free = Math.min(Math.min(properties.batchSize(), permits), maxBuffered - lanes.waiting());
        if (free <= 0) {
            return 0; // lines are full: wait for one to shorten
        }
        Instant now = clock.instant();
        List<ClaimedDelivery> claimed =
                store.claimDue(free, now, now.plus(properties.lease()), UUID.randomUUID(), lanes.busy());
        for (ClaimedDelivery delivery : claimed) {
            endpoints.offer(delivery);
            inFlight.acquireUninterruptibly();
            start(delivery);
        }
        return claimed.size();
    }

    private static final int NO_PERMITS = -1;

    private void start(ClaimedDelivery delivery) {
        try {
            workers.execute(() -> process(delivery));
        } catch (RejectedExecutionException e) {
            inFlight.release();
            handBack(delivery, clock.instant());
        }
    }

    private void pollLoop() {
        long idleNanos = properties.pollInterval().toNanos();
        long lastForget = System.nanoTime();
        while (running) {
            int claimed;
            try {
                claimed = pollOnce();
                if (System.nanoTime() - lastForget > TimeUnit.SECONDS.toNanos(10)) {
                    endpoints.forgetIdle();
                    lastForget = System.nanoTime();
                }
            } catch (Throwable e) {
                log.warn("Claiming due deliveries failed; trying again shortly: {}", e.toString());
                claimed = 0;
            }
            if (claimed == NO_PERMITS) {
                awaitPermit(idleNanos);
            } else if (claimed == 0 && running) {
                LockSupport.parkNanos(idleNanos); // nothing due, or lines full; a lane with room unparks us
            }
        }
    }

    /** Every permit is taken by deliveries not yet started: wait for one to free, not a whole interval. */
    private void awaitPermit(long maxNanos) {
        try {
            if (inFlight.tryAcquire(maxNanos, TimeUnit.NANOSECONDS)) {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(ClaimedDelivery claimed) {
        try {
            switch (lanes.admit(claimed, System.nanoTime())) {
                case QUEUED -> {
                    return; // the worker of its lane sends it; this thread's permit is free again
                }
                case FULL -> {
                    handBack(claimed, clock.instant().plus(BUSY_ENDPOINT_BACKOFF));
                    return;
                }
                case RUN -> {}
            }
            List<ClaimedDelivery> expired = new ArrayList<>();
            ClaimedDelivery delivery = claimed;
            while (delivery != null) {
                try {
                    if (running) {
                        completions.add(attempt(delivery));
                    } else {
                        handBack(delivery, clock.instant()); // stopping: what waits in the lane goes back
                    }
                } catch (Throwable e) {
                    log.error(
                            "Delivery {} could not be attempted; it will be retried after its lease", delivery.id(), e);
                } finally {
                    delivery = lanes.next(delivery.endpointId(), System.nanoTime(), expired);
                }
                expired.forEach(stale -> handBack(stale, clock.instant()));
                expired.clear();
            }
        } finally {
            inFlight.release();
        }
    }

    /**
     * Makes the attempts due now: the first, and the immediate retries that follow a failure, each to the
     * endpoint's current URL, signed with its current secret; none once the endpoint is removed.
     */
    Outcome attempt(ClaimedDelivery delivery) {
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        int first = delivery.attemptCount() + 1;
        List<Outcome.Attempt> attempts = new ArrayList<>(1);
        RetryTemplate immediate = immediateRetries[ladder.immediateAttempts(first, delivery.attemptsAllowed())];
        try {
            Outcome.Attempt last = immediate.execute(
                    context -> {
                        EndpointSnapshots.Snapshot endpoint = endpoints.current(delivery.endpointId());
                        if (endpoint.removed()) {
                            throw new EndpointRemovedException();
                        }
                        Outcome.Attempt attempt = client.send(
                                first + context.getRetryCount(),
                                endpoint.url(),
                                cipher.decrypt(endpoint.secretCiphertext()),
                                delivery.eventType(),
                                delivery.eventId(),
                                body);
                        attempts.add(attempt);
                        metrics.attempt(attempt);
                        if (!attempt.succeeded()) {
                            throw new FailedAttemptException(attempt);
                        }
                        return attempt;
                    },
                    context -> {
                        if (context.getLastThrowable() instanceof FailedAttemptException failed) {
                            return failed.attempt();
                        }
                        throw (RuntimeException) context.getLastThrowable();
                    });
            return outcome(delivery, attempts, last);
        } catch (EndpointRemovedException e) {
            return Outcome.cancelled(delivery, clock.instant(), attempts);
        }
    }

    private Outcome outcome(ClaimedDelivery delivery, List<Outcome.Attempt> attempts, Outcome.Attempt last) {
        if (last.succeeded()) {
            return new Outcome(delivery, "SUCCEEDED", last.number(), last.at(), null, attempts);
        }
        Instant failedAt = last.at().plusMillis(last.durationMs());
        Optional<Instant> next = ladder.nextAttempt(last.number(), delivery.attemptsAllowed(), failedAt);
        return next.map(at -> new Outcome(delivery, "PENDING", last.number(), at, last.describe(), attempts))
                .orElseGet(() -> new Outcome(delivery, "FAILED", last.number(), failedAt, last.describe(), attempts));
    }

    private void handBack(ClaimedDelivery delivery, Instant due) {
        completions.add(Outcome.handedBack(delivery, due));
    }

    /** Carries a failed attempt through Spring Retry. */
    private static final class FailedAttemptException extends RuntimeException {

        private final Outcome.Attempt attempt;

        FailedAttemptException(Outcome.Attempt attempt) {
            super(attempt.describe(), null, false, false);
            this.attempt = attempt;
        }

        Outcome.Attempt attempt() {
            return attempt;
        }
    }

    /** The endpoint was removed before an attempt could start. */
    private static final class EndpointRemovedException extends RuntimeException {

        EndpointRemovedException() {
            super("endpoint removed", null, false, false);
        }
    }

    @Override
    public void start() {
        running = true;
        if (properties.enabled()) {
            poller = Thread.ofPlatform().name("delivery-poller").daemon().start(this::pollLoop);
        }
    }

    @Override
    public void stop() {
        running = false;
        LockSupport.unpark(poller);
        try {
            poller.join(TimeUnit.SECONDS.toMillis(5));
            workers.shutdown();
            if (!workers.awaitTermination(properties.requestTimeout().toSeconds() + 1, TimeUnit.SECONDS)) {
                log.warn("Stopped with deliveries in flight; they will be attempted again after their lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
