package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.springframework.stereotype.Component;

/**
 * Claims due deliveries, has them attempted ({@link DeliveryAttempt}) and hands their outcomes to
 * {@link DeliveryCompletions}.
 *
 * <p>New deliveries arrive already claimed, right after their transaction commits ({@link #handOff});
 * a poller claims the rest in batches (retries, deliveries of crashed replicas, deliveries made by
 * API-only replicas). Every delivery runs on a virtual thread; at most {@code max-in-flight} run at once,
 * at most {@code max-in-flight-per-organization} for one organization and
 * {@code max-in-flight-per-endpoint} to one endpoint, with a bounded line waiting behind them
 * ({@link OrganizationLanes}); the poller claims nothing for an organization whose line is long, and
 * what cannot wait is handed back unattempted, so one organization's receivers, however slow or
 * numerous, cannot hold up the others. First attempts come before retries: the claim takes them first,
 * and retries (claimed, waiting or in flight) hold at most {@link DeliveryProperties#maxRetriesHeld()}
 * of the permits, so the rest is always there for deliveries never tried, and customers whose endpoints
 * answer are not kept waiting by others' failing ones. When the database cannot be reached the poller backs off, and
 * resumes by itself as soon as it answers. Its connections are its own ({@link DeliveryDatabaseConfiguration}):
 * API requests that use up the main pool do not slow it.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

    /** Stops after the web server (graceful shutdown at MAX-1024, stop at MAX-2048): no hand-off is lost. */
    static final int PHASE = Integer.MAX_VALUE - 4096;

    static final Duration BUSY_LANE_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_POLL_BACKOFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final int NO_PERMITS = -1;

    private final DeliveryProperties properties;
    private final DeliveryStore store;
    private final DeliveryAttempt attempts;
    private final DeliveryCompletions completions;
    private final EndpointSnapshots endpoints;
    private final DatabaseAvailability database;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final Semaphore inFlight;
    private final Semaphore retries;
    private final OrganizationLanes lanes;
    private final int maxWaiting;
    private volatile ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private volatile Thread poller = Thread.ofPlatform().unstarted(() -> {});

    DeliveryDispatcher(
            DeliveryProperties properties,
            DeliveryStore store,
            DeliveryAttempt attempts,
            DeliveryCompletions completions,
            EndpointSnapshots endpoints,
            DatabaseAvailability database,
            DeliveryMetrics metrics,
            Clock clock) {
        this.properties = properties;
        this.store = store;
        this.attempts = attempts;
        this.completions = completions;
        this.endpoints = endpoints;
        this.database = database;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.retries = new Semaphore(properties.maxRetriesHeld());
        this.lanes = new OrganizationLanes(
                properties.maxInFlightPerOrganization(),
                properties.maxInFlightPerEndpoint(),
                properties.batchSize(),
                () -> LockSupport.unpark(poller));
        this.maxWaiting = 16 * properties.batchSize();
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

    /** Claims and starts a batch of due deliveries; returns how many it claimed, or {@link #NO_PERMITS}. */
    int pollOnce() {
        int permits = inFlight.availablePermits();
        if (permits == 0) {
            return NO_PERMITS;
        }
        int free = Math.min(Math.min(properties.batchSize(), permits), maxWaiting - lanes.waiting());
        if (free <= 0) {
            return 0; // lines are full: wait for one to shorten
        }
        Instant now = clock.instant();
        long leaseEndsAt = System.nanoTime() + properties.lease().toNanos();
        long started = System.nanoTime();
        List<ClaimedDelivery> claimed = store.claimDue(
                free,
                Math.min(free, retries.availablePermits()),
                now,
                now.plus(properties.lease()),
                leaseEndsAt,
                UUID.randomUUID(),
                lanes.busy());
        metrics.claimed(System.nanoTime() - started);
        for (ClaimedDelivery delivery : claimed) {
            endpoints.offer(delivery);
            if (delivery.retry()) {
                retries.acquireUninterruptibly(); // only this thread takes them: there is one for each
            }
            inFlight.acquireUninterruptibly();
            start(delivery);
        }
        return claimed.size();
    }

    private void start(ClaimedDelivery delivery) {
        try {
            workers.execute(() -> process(delivery));
        } catch (RejectedExecutionException e) {
            inFlight.release();
            handBack(delivery, clock.instant());
        }
    }

    private void pollLoop() {
        long idle = properties.pollInterval().toNanos();
        long backoff = idle;
        long lastForget = System.nanoTime();
        while (running) {
            int claimed;
            try {
                claimed = pollOnce();
                backoff = idle;
                if (System.nanoTime() - lastForget > TimeUnit.SECONDS.toNanos(10)) {
                    endpoints.forgetIdle();
                    lastForget = System.nanoTime();
                }
            } catch (RuntimeException e) {
                if (!database.report(e)) {
                    log.warn("Claiming due deliveries failed; trying again shortly: {}", e.toString());
                }
                database.backOff(backoff);
                backoff = Math.min(2 * backoff, MAX_POLL_BACKOFF.toNanos());
                continue;
            }
            if (claimed == NO_PERMITS) {
                awaitPermit(idle);
            } else if (claimed == 0 && running) {
                LockSupport.parkNanos(idle); // nothing due, or lines full; a lane with room unparks us
            }
        }
    }

    /**
     * Looks for due deliveries now, not when the poll interval ends: for a caller that knows some have just
     * become due (a test that moves its clock on, so that it need not wait out the interval).
     */
    void wake() {
        LockSupport.unpark(poller);
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

    /**
     * Runs a claimed delivery through its lane: attempted now, queued behind its organization's requests
     * in flight (this thread's permit is then free again), or handed back when the line is full. The
     * worker then takes the next delivery its lane lets run. The permit is held until the last outcome is
     * in the completion buffer, so a writer that falls behind slows the claims down.
     */
    private void process(ClaimedDelivery claimed) {
        try {
            switch (lanes.admit(claimed)) {
                case QUEUED -> {
                    return;
                }
                case FULL -> {
                    complete(Outcome.handedBack(claimed, clock.instant().plus(BUSY_LANE_BACKOFF)));
                    return;
                }
                case RUN -> {}
            }
            ClaimedDelivery delivery = claimed;
            while (delivery != null) {
                Outcome outcome;
                try {
                    outcome = attempts.make(delivery, this::isRunning);
                } catch (RuntimeException e) {
                    log.error("Delivery {} could not be attempted; it falls due again", delivery.id(), e);
                    outcome = Outcome.handedBack(delivery, clock.instant());
                }
                complete(outcome);
                delivery = lanes.next(delivery);
            }
        } finally {
            inFlight.release();
        }
    }

    /** Hands an outcome to the completion writer; a retry's share is free again once it is there. */
    private void complete(Outcome outcome) {
        try {
            completions.add(outcome);
        } finally {
            releaseIfRetry(outcome.delivery());
        }
    }

    /** Hands a claimed delivery back unattempted, due at {@code due}, if the completion buffer has room. */
    private void handBack(ClaimedDelivery delivery, Instant due) {
        try {
            completions.handBackIfRoom(Outcome.handedBack(delivery, due));
        } finally {
            releaseIfRetry(delivery);
        }
    }

    private void releaseIfRetry(ClaimedDelivery delivery) {
        if (delivery.retry()) {
            retries.release();
        }
    }

    /** Starts, or starts again after a stop (as Spring's test contexts do when they pause and resume). */
    @Override
    public void start() {
        if (workers.isShutdown()) {
            workers = Executors.newVirtualThreadPerTaskExecutor();
        }
        running = true;
        if (properties.enabled()) {
            poller = Thread.ofPlatform().name("delivery-poller").daemon().start(this::pollLoop);
        }
    }

    /**
     * Stops claiming, hands back at once what waits in the lanes (due now, for another replica), lets the
     * attempts in flight finish (each ends within the request timeout; no immediate retry starts) and
     * leaves their outcomes to the completion writer, which stops after this.
     */
    @Override
    public void stop() {
        running = false;
        LockSupport.unpark(poller);
        try {
            poller.join(TimeUnit.SECONDS.toMillis(5));
            Instant now = clock.instant();
            lanes.drainWaiting().forEach(waiting -> complete(Outcome.handedBack(waiting, now)));
            workers.shutdown();
            Duration patience = properties.requestTimeout().plusSeconds(1);
            if (!workers.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Stopped with deliveries in flight; they fall due again after their lease");
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
