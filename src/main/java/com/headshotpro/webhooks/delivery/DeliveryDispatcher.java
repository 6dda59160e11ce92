package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.SecretCipher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * once, and at most {@code max-in-flight-per-endpoint} to one endpoint, with a bounded line waiting behind
 * them ({@link EndpointLanes}); the poller claims nothing for an endpoint whose line is long, and what
 * cannot wait is handed back unattempted, so one slow receiver cannot hold up the others. Immediate retries happen
 * in-process through Spring Retry; every later rung of the ladder is a row in the database.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

    static final int PHASE = Integer.MAX_VALUE - 1000;
    static final Duration BUSY_ENDPOINT_BACKOFF = Duration.ofSeconds(1);
    static final int MAX_CACHED = 10_000;
    private static final int NO_ROOM = -1;

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final DeliveryProperties properties;
    private final DeliveryStore store;
    private final DeliveryCompletions completions;
    private final WebhookClient client;
    private final SecretCipher cipher;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final RetryLadder ladder;
    private final Semaphore inFlight;
    private final EndpointLanes lanes;
    private final ConcurrentHashMap<UUID, DecryptedSecret> secrets = new ConcurrentHashMap<>();
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
            DeliveryMetrics metrics,
            Clock clock) {
        this.properties = properties;
        this.store = store;
        this.completions = completions;
        this.client = client;
        this.cipher = cipher;
        this.metrics = metrics;
        this.clock = clock;
        this.ladder = new RetryLadder(properties.retryDelays());
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.lanes = new EndpointLanes(
                properties.maxInFlightPerEndpoint(),
                properties.batchSize(),
                properties.lease().toNanos() / 2,
                () -> LockSupport.unpark(poller));
        this.maxBuffered = 16 * properties.batchSize();
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
            if (running && inFlight.tryAcquire()) {
                workers.execute(() -> process(delivery));
            } else {
                handBack(delivery, clock.instant());
            }
        }
    }

    /** Claims and starts a batch of due deliveries; returns how many it claimed. */
    int pollOnce() {
        int free =
                Math.min(Math.min(properties.batchSize(), inFlight.availablePermits()), maxBuffered - lanes.waiting());
        if (free <= 0) {
            return NO_ROOM;
        }
        Instant now = clock.instant();
        List<ClaimedDelivery> claimed =
                store.claimDue(free, now, now.plus(properties.lease()), UUID.randomUUID(), lanes.busy());
        for (ClaimedDelivery delivery : claimed) {
            inFlight.acquireUninterruptibly();
            workers.execute(() -> process(delivery));
        }
        return claimed.size();
    }

    private void pollLoop() {
        long idleNanos = properties.pollInterval().toNanos();
        while (running) {
            int claimed;
            try {
                claimed = pollOnce();
            } catch (RuntimeException e) {
                log.warn("Claiming due deliveries failed; trying again shortly: {}", e.getMessage());
                claimed = 0;
            }
            if (claimed == NO_ROOM) {
                awaitRoom(idleNanos);
            } else if (claimed == 0 && running) {
                LockSupport.parkNanos(idleNanos); // nothing due; a lane with room again unparks us early
            }
        }
    }

    /** Every permit is taken by deliveries not yet started: wait for one to free, not a whole interval. */
    private void awaitRoom(long maxNanos) {
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
            if (claimed.endpointRemoved()) {
                completions.add(Outcome.cancelled(claimed, clock.instant()));
                return;
            }
            switch (lanes.admit(claimed, System.nanoTime())) {
                case QUEUED -> {
                    return; // the worker of its lane sends it; this thread's permit is free again
                }
                case FULL -> {
                    metrics.deferred();
                    handBack(claimed, clock.instant().plus(BUSY_ENDPOINT_BACKOFF));
                    return;
                }
                case RUN -> {}
            }
            List<ClaimedDelivery> expired = new ArrayList<>();
            for (ClaimedDelivery delivery = claimed; delivery != null; ) {
                try {
                    completions.add(attempt(delivery));
                } catch (RuntimeException e) {
                    log.error(
                            "Delivery {} could not be attempted; it will be retried after its lease", delivery.id(), e);
                }
                delivery = lanes.next(delivery.endpointId(), System.nanoTime(), expired);
                for (ClaimedDelivery stale : expired) {
                    metrics.deferred();
                    handBack(stale, clock.instant());
                }
                expired.clear();
            }
        } finally {
            inFlight.release();
        }
    }

    /** Makes the attempts due now: the first, and the immediate retries that follow a failure. */
    Outcome attempt(ClaimedDelivery delivery) {
        String secret = secret(delivery);
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        int first = delivery.attemptCount() + 1;
        List<Outcome.Attempt> attempts = new ArrayList<>(1);
        RetryTemplate immediate = RetryTemplate.builder()
                .maxAttempts(ladder.immediateAttempts(first, delivery.attemptsAllowed()))
                .retryOn(FailedAttemptException.class)
                .noBackoff()
                .build();
        Outcome.Attempt last = immediate.execute(
                context -> {
                    Outcome.Attempt attempt = client.send(
                            first + context.getRetryCount(),
                            delivery.url(),
                            secret,
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
                context -> ((FailedAttemptException) context.getLastThrowable()).attempt());
        return outcome(delivery, attempts, last);
    }

    /** The endpoint's current secret, decrypted once per secret rather than once per attempt. */
    private String secret(ClaimedDelivery delivery) {
        DecryptedSecret cached = secrets.get(delivery.endpointId());
        if (cached != null && Arrays.equals(cached.ciphertext(), delivery.secretCiphertext())) {
            return cached.secret();
        }
        String secret = cipher.decrypt(delivery.secretCiphertext());
        if (secrets.size() >= MAX_CACHED) {
            secrets.clear();
        }
        secrets.put(delivery.endpointId(), new DecryptedSecret(delivery.secretCiphertext(), secret));
        return secret;
    }

    private record DecryptedSecret(byte[] ciphertext, String secret) {

        @Override
        public String toString() {
            return "DecryptedSecret[<masked>]";
        }
    }

    private Outcome outcome(ClaimedDelivery delivery, List<Outcome.Attempt> attempts, Outcome.Attempt last) {
        if (last.succeeded()) {
            metrics.succeeded();
            return new Outcome(
                    delivery.id(), delivery.leaseToken(), "SUCCEEDED", last.number(), last.at(), null, attempts);
        }
        Instant failedAt = last.at().plusMillis(last.durationMs());
        Optional<Instant> next = ladder.nextAttempt(last.number(), delivery.attemptsAllowed(), failedAt);
        if (next.isPresent()) {
            metrics.retryScheduled();
            return new Outcome(
                    delivery.id(),
                    delivery.leaseToken(),
                    "PENDING",
                    last.number(),
                    next.get(),
                    last.describe(),
                    attempts);
        }
        metrics.failed();
        log.warn(
                "Delivery failed for good after {} attempts: event={} organization={} host={} lastError={}",
                last.number(),
                com.headshotpro.webhooks.outbox.EventPayloads.publicId(delivery.eventId()),
                delivery.organizationId(),
                host(delivery.url()),
                last.describe());
        return new Outcome(
                delivery.id(), delivery.leaseToken(), "FAILED", last.number(), failedAt, last.describe(), attempts);
    }

    private void handBack(ClaimedDelivery delivery, Instant due) {
        completions.add(Outcome.handedBack(delivery, due));
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "?" : host;
        } catch (IllegalArgumentException e) {
            return "?";
        }
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
