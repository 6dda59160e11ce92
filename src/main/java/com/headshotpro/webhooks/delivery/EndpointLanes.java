package com.headshotpro.webhooks.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One lane per endpoint: at most {@code limit} requests in flight to it, and a bounded line of claimed
 * deliveries waiting in memory behind them. A worker that finishes an attempt takes the next delivery
 * of its lane, so a busy endpoint is served back to back without going through the database again,
 * while a slow one only ever holds its own lane. What waits longer than {@code maxWaitNanos} (well
 * inside its lease) or finds the line full goes back to the database.
 */
final class EndpointLanes {

    /** What became of a delivery offered to its lane. */
    enum Admission {
        RUN,
        QUEUED,
        FULL
    }

    private record Waiting(ClaimedDelivery delivery, long since) {}

    private static final class Lane {
        int inFlight;
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    }

    private final int limit;
    private final int maxWaitingPerLane;
    private final int busyAt;
    private final long maxWaitNanos;
    private final Runnable roomAgain;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<UUID, Lane> lanes = new HashMap<>();
    private int waiting;

    /**
     * @param limit requests in flight to one endpoint
     * @param claimSize the most one claim can add to a lane: a lane holds twice this, and counts as busy
     *     (the poller claims nothing for it) from this many waiting, so a claim never overfills it
     * @param maxWaitNanos how long a delivery may wait in a lane before it goes back to the database
     * @param roomAgain called when a busy lane has room again, to wake the poller
     */
    EndpointLanes(int limit, int claimSize, long maxWaitNanos, Runnable roomAgain) {
        this.limit = limit;
        this.maxWaitingPerLane = 2 * claimSize;
        this.busyAt = claimSize;
        this.maxWaitNanos = maxWaitNanos;
        this.roomAgain = roomAgain;
    }

    Admission admit(ClaimedDelivery delivery, long nowNanos) {
        lock.lock();
        try {
            Lane lane = lanes.computeIfAbsent(delivery.endpointId(), id -> new Lane());
            if (lane.inFlight < limit) {
                lane.inFlight++;
                return Admission.RUN;
            }
            if (lane.waiting.size() < maxWaitingPerLane) {
                lane.waiting.add(new Waiting(delivery, nowNanos));
                waiting++;
                return Admission.QUEUED;
            }
            return Admission.FULL;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next delivery for the worker that just finished one on this endpoint, or null when none waits
     * (the worker then leaves the lane). Deliveries that waited too long are added to {@code expired}.
     */
    @Nullable
    ClaimedDelivery next(UUID endpointId, long nowNanos, List<ClaimedDelivery> expired) {
        lock.lock();
        try {
            Lane lane = lanes.get(endpointId);
            Waiting next;
            while ((next = lane.waiting.poll()) != null) {
                waiting--;
                if (lane.waiting.size() == busyAt - 1) {
                    roomAgain.run();
                }
                if (nowNanos - next.since() <= maxWaitNanos) {
                    return next.delivery();
                }
                expired.add(next.delivery());
            }
            if (--lane.inFlight == 0) {
                lanes.remove(endpointId);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Deliveries waiting in all lanes. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** Endpoints whose line is too long for another claim: the poller leaves their deliveries alone for now. */
    UUID[] busy() {
        lock.lock();
        try {
            return lanes.entrySet().stream()
                    .filter(e -> e.getValue().waiting.size() >= busyAt)
                    .map(Map.Entry::getKey)
                    .toArray(UUID[]::new);
        } finally {
            lock.unlock();
        }
    }
}
