package com.headshotpro.webhooks.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One lane per organization: at most {@code perOrganization} requests in flight for it, at most
 * {@code perEndpoint} of them to one of its endpoints, and a bounded line of claimed deliveries waiting
 * in memory behind them. A worker that finishes an attempt takes the next delivery of its lane that may
 * run, so a busy organization is served back to back without going through the database again, while
 * an organization whose endpoints all hang only ever holds its own lane: its share of the replica's
 * requests is fixed, whatever number of endpoints it has.
 */
final class OrganizationLanes {

    /** What became of a delivery offered to its lane. */
    enum Admission {
        RUN,
        QUEUED,
        FULL
    }

    private static final class Lane {
        int inFlight;
        final Map<UUID, Integer> inFlightByEndpoint = new HashMap<>();
        final LinkedList<ClaimedDelivery> waiting = new LinkedList<>();

        int inFlight(UUID endpoint) {
            return inFlightByEndpoint.getOrDefault(endpoint, 0);
        }
    }

    private final int perOrganization;
    private final int perEndpoint;
    private final int maxWaitingPerLane;
    private final int busyAt;
    private final Runnable roomAgain;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Lane> lanes = new HashMap<>();
    private int waiting;

    /**
     * @param perOrganization requests in flight for one organization
     * @param perEndpoint requests in flight to one endpoint
     * @param claimSize the most one claim can add to a lane: a lane holds twice this, and counts as busy
     *     (the poller claims nothing for it) from this many waiting, so a claim never overfills it
     * @param roomAgain called when a busy lane has room again, to wake the poller
     */
    OrganizationLanes(int perOrganization, int perEndpoint, int claimSize, Runnable roomAgain) {
        this.perOrganization = perOrganization;
        this.perEndpoint = Math.min(perEndpoint, perOrganization);
        this.maxWaitingPerLane = 2 * claimSize;
        this.busyAt = claimSize;
        this.roomAgain = roomAgain;
    }

    Admission admit(ClaimedDelivery delivery) {
        lock.lock();
        try {
            Lane lane = lanes.computeIfAbsent(delivery.organizationId(), id -> new Lane());
            if (mayRun(lane, delivery)) {
                run(lane, delivery);
                return Admission.RUN;
            }
            if (lane.waiting.size() < maxWaitingPerLane) {
                lane.waiting.add(delivery);
                waiting++;
                return Admission.QUEUED;
            }
            return Admission.FULL;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the slot of a delivery whose attempt finished, and returns the next delivery the same worker
     * runs: the first in its organization's line whose endpoint has room, or null when none may run now
     * (the worker then leaves the lane).
     */
    @Nullable
    ClaimedDelivery next(ClaimedDelivery finished) {
        lock.lock();
        try {
            Lane lane = lanes.get(finished.organizationId());
            lane.inFlight--;
            lane.inFlightByEndpoint.computeIfPresent(finished.endpointId(), (id, n) -> n == 1 ? null : n - 1);
            for (Iterator<ClaimedDelivery> it = lane.waiting.iterator(); it.hasNext(); ) {
                ClaimedDelivery candidate = it.next();
                if (mayRun(lane, candidate)) {
                    it.remove();
                    leftLine(lane);
                    run(lane, candidate);
                    return candidate;
                }
            }
            if (lane.inFlight == 0 && lane.waiting.isEmpty()) {
                lanes.remove(finished.organizationId());
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Takes every waiting delivery out of the lanes (the replica is stopping). */
    List<ClaimedDelivery> drainWaiting() {
        lock.lock();
        try {
            List<ClaimedDelivery> drained = new ArrayList<>(waiting);
            for (Lane lane : lanes.values()) {
                drained.addAll(lane.waiting);
                lane.waiting.clear();
            }
            waiting = 0;
            return drained;
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

    /** Organizations whose line is too long for another claim: the poller leaves their deliveries alone for now. */
    String[] busy() {
        lock.lock();
        try {
            return lanes.entrySet().stream()
                    .filter(e -> e.getValue().waiting.size() >= busyAt)
                    .map(Map.Entry::getKey)
                    .toArray(String[]::new);
        } finally {
            lock.unlock();
        }
    }

    private boolean mayRun(Lane lane, ClaimedDelivery delivery) {
        return lane.inFlight < perOrganization && lane.inFlight(delivery.endpointId()) < perEndpoint;
    }

    private static void run(Lane lane, ClaimedDelivery delivery) {
        lane.inFlight++;
        lane.inFlightByEndpoint.merge(delivery.endpointId(), 1, Integer::sum);
    }

    private void leftLine(Lane lane) {
        waiting--;
        if (lane.waiting.size() == busyAt - 1) {
            roomAgain.run();
        }
    }
}
