package com.headshotpro.webhooks.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    private final Clock clock;
    private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer = Thread.ofPlatform().unstarted(() -> {});

    DeliveryCompletions(DeliveryStore store, Clock clock) {
        this.store = store;
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
            }
        }
    }

    private void write(List<Outcome> batch) {
        try {
            store.complete(batch, clock.instant());
        } catch (RuntimeException e) {
            log.error(
                    "Could not record {} delivery outcomes; they will be attempted again after their lease",
                    batch.size(),
                    e);
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
