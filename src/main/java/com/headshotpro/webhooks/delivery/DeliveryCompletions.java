package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.outbox.EventPayloads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes outcomes in batches: one statement records every attempt and reschedules every delivery that
 * finished since the last write. The buffer is bounded: when it is full, workers wait to hand their
 * outcome over, holding their permits, so the dispatcher claims nothing more until the writer catches up.
 *
 * <p>Nothing that was attempted is dropped for a passing reason. While the database is unreachable the
 * writer keeps its batch and tries again, backing off up to {@link #MAX_BACKOFF}; an outcome the database
 * refuses (a text it cannot hold) is written alone, then in its {@linkplain Outcome#reduced reduced form}.
 * Only a process that dies, or a shutdown during an outage, leaves outcomes unwritten: their deliveries
 * are attempted again after their lease (at-least-once).
 */
@Component
class DeliveryCompletions implements SmartLifecycle {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long a stopping writer keeps trying to write what is left during an outage. */
    static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(DeliveryCompletions.class);
    private static final int MAX_BATCH = 1000;

    private final DeliveryStore store;
    private final DeliveryMetrics metrics;
    private final DatabaseAvailability database;
    private final Clock clock;
    private final ArrayBlockingQueue<Outcome> queue;
    /** Outcomes handed over and not yet written (or given up): the queue and the batch being written. */
    private final AtomicInteger unwritten = new AtomicInteger();

    private volatile boolean running;
    private volatile long stoppedAt;
    private Thread writer = Thread.ofPlatform().unstarted(() -> {});

    DeliveryCompletions(
            DeliveryStore store,
            DeliveryMetrics metrics,
            DatabaseAvailability database,
            DeliveryProperties properties,
            Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.database = database;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(Math.max(MAX_BATCH, 2 * properties.maxInFlight()));
        metrics.watchUnwritten(unwritten);
    }

    /** Hands an outcome over, waiting while the buffer is full. */
    void add(Outcome outcome) {
        try {
            unwritten.incrementAndGet();
            queue.put(outcome);
        } catch (InterruptedException e) {
            unwritten.decrementAndGet();
            Thread.currentThread().interrupt();
            log.warn(
                    "Interrupted while handing over the outcome of delivery {}; it falls due after its lease",
                    outcome.deliveryId());
        }
    }

    /**
     * Hands a delivery back unattempted, due at once, if the buffer has room; otherwise it simply keeps its
     * lease and falls due when that runs out. For callers that must not wait (request threads).
     */
    void handBackIfRoom(Outcome handedBack) {
        unwritten.incrementAndGet();
        if (!queue.offer(handedBack)) {
            unwritten.decrementAndGet();
            log.debug("Outcome buffer full; delivery {} falls due after its lease", handedBack.deliveryId());
        }
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("delivery-completions").daemon().start(this::run);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Outcome first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Outcome> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    try {
                        write(batch);
                    } finally {
                        unwritten.addAndGet(-batch.size());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Recording delivery outcomes failed unexpectedly; carrying on", e);
            }
        }
    }

    /** Writes a batch, waiting out an outage; outcomes the database refuses are written one by one. */
    private void write(List<Outcome> batch) {
        long backoff = TimeUnit.MILLISECONDS.toNanos(100);
        while (true) {
            try {
                Set<Long> taken = store.complete(batch, clock.instant());
                batch.stream().filter(o -> taken.contains(o.deliveryId())).forEach(this::report);
                return;
            } catch (RuntimeException e) {
                if (!database.report(e)) {
                    refused(batch, e);
                    return;
                }
                if (!running && System.nanoTime() - stoppedAt > SHUTDOWN_PATIENCE.toNanos()) {
                    log.warn(
                            "Stopping during a database outage: {} outcomes not recorded; their deliveries fall due"
                                    + " again after their lease",
                            batch.size() + queue.size());
                    unwritten.addAndGet(-queue.size());
                    queue.clear();
                    return;
                }
                database.backOff(backoff);
                backoff = Math.min(2 * backoff, MAX_BACKOFF.toNanos());
            }
        }
    }

    /** The database refused the batch: each outcome on its own, then reduced to what it can surely store. */
    private void refused(List<Outcome> batch, RuntimeException e) {
        if (batch.size() > 1) {
            log.warn("Could not record {} delivery outcomes at once; recording them one by one", batch.size());
            batch.forEach(outcome -> write(List.of(outcome)));
            return;
        }
        Outcome outcome = batch.getFirst();
        Outcome reduced = outcome.reduced();
        if (!reduced.equals(outcome)) {
            log.warn(
                    "The outcome of delivery {} was refused ({}); recording it without its response texts",
                    outcome.deliveryId(),
                    e.getClass().getSimpleName());
            write(List.of(reduced));
            return;
        }
        log.error(
                "Could not record the outcome of delivery {}; it falls due again after its lease",
                outcome.deliveryId(),
                e);
    }

    /** Counts an outcome that was taken, and names a delivery that failed for good. */
    private void report(Outcome outcome) {
        switch (outcome.status()) {
            case SUCCEEDED -> metrics.succeeded();
            case CANCELLED -> metrics.cancelled();
            case PENDING -> {
                if (outcome.handedBack()) {
                    metrics.deferred();
                } else {
                    metrics.retryScheduled();
                }
            }
            case FAILED -> {
                metrics.failed();
                ClaimedDelivery delivery = outcome.delivery();
                log.warn(
                        "Delivery failed for good after {} attempts: event={} organization={} host={} lastError={}",
                        outcome.attemptCount(),
                        EventPayloads.publicId(delivery.eventId()),
                        delivery.organizationId(),
                        host(delivery.url()),
                        outcome.lastError());
            }
        }
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "?" : host;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    @Override
    public void stop() {
        stoppedAt = System.nanoTime();
        running = false;
        try {
            writer.join(SHUTDOWN_PATIENCE.plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the dispatcher, so every outcome it produces is written. */
    @Override
    public int getPhase() {
        return DeliveryDispatcher.PHASE - 1;
    }
}
