package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.outbox.EventPayloads;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes outcomes in batches: one statement records every attempt and reschedules every delivery that
 * finished since the last write. Should a write fail, the deliveries' leases run out and they are
 * attempted again (at-least-once), so nothing is lost.
 */
@Component
class DeliveryCompletions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryCompletions.class);
    private static final int MAX_BATCH = 1000;

    private final DeliveryStore store;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer = Thread.ofPlatform().unstarted(() -> {});

    DeliveryCompletions(DeliveryStore store, DeliveryMetrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    void add(Outcome outcome) {
        queue.add(outcome);
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
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                log.error("Recording delivery outcomes failed; carrying on", e);
            }
        }
    }

    private void write(List<Outcome> batch) {
        try {
            Set<Long> taken = store.complete(batch, clock.instant());
            for (Outcome outcome : batch) {
                if (taken.contains(outcome.deliveryId())) {
                    report(outcome);
                }
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                log.error(
                        "Could not record the outcome of delivery {}; it will be attempted again after its lease",
                        batch.getFirst().deliveryId(),
                        e);
                return;
            }
            log.warn("Could not record {} delivery outcomes at once; recording them one by one", batch.size());
            batch.forEach(outcome -> write(List.of(outcome)));
        }
    }

    /** Counts an outcome that was taken, and names a delivery that failed for good. */
    private void report(Outcome outcome) {
        switch (outcome.status()) {
            case "SUCCEEDED" -> metrics.succeeded();
            case "CANCELLED" -> metrics.cancelled();
            case "PENDING" -> {
                if (outcome.attempts().isEmpty()) {
                    metrics.deferred();
                } else {
                    metrics.retryScheduled();
                }
            }
            default -> {
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
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
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
