package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndpointLanesTests {

    private final UUID slow = UUID.randomUUID();
    private final UUID fast = UUID.randomUUID();
    private final AtomicInteger wakeUps = new AtomicInteger();
    // 2 in flight per endpoint; a claim adds at most 2, so a lane holds 4 waiting and is busy from 2
    private final EndpointLanes lanes = new EndpointLanes(2, 2, 1_000, wakeUps::incrementAndGet);

    private static ClaimedDelivery delivery(UUID endpoint, long id) {
        return new ClaimedDelivery(
                id,
                UUID.randomUUID(),
                UUID.randomUUID(),
                "model.created",
                "org",
                endpoint,
                "https://x",
                new byte[0],
                "{}",
                0,
                5,
                false,
                0);
    }

    @Test
    void runsUpToTheLimitThenQueuesThenRefuses() {
        List<EndpointLanes.Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            admissions.add(lanes.admit(delivery(slow, i), 0));
        }
        assertThat(admissions)
                .containsExactly(
                        EndpointLanes.Admission.RUN,
                        EndpointLanes.Admission.RUN,
                        EndpointLanes.Admission.QUEUED,
                        EndpointLanes.Admission.QUEUED,
                        EndpointLanes.Admission.QUEUED,
                        EndpointLanes.Admission.QUEUED,
                        EndpointLanes.Admission.FULL);
        assertThat(lanes.waiting()).isEqualTo(4);
        assertThat(lanes.busy()).containsExactly(slow);
    }

    @Test
    void oneEndpointsLaneNeverHoldsUpAnother() {
        for (int i = 0; i < 6; i++) {
            lanes.admit(delivery(slow, i), 0);
        }
        assertThat(lanes.admit(delivery(fast, 100), 0)).isEqualTo(EndpointLanes.Admission.RUN);
        assertThat(lanes.admit(delivery(fast, 101), 0)).isEqualTo(EndpointLanes.Admission.RUN);
        assertThat(lanes.busy()).containsExactly(slow);
    }

    @Test
    void aFinishingWorkerTakesTheNextInLineAndWakesThePollerWhenThereIsRoom() {
        for (int i = 0; i < 6; i++) {
            lanes.admit(delivery(slow, i), 0);
        }
        List<ClaimedDelivery> expired = new ArrayList<>();
        assertThat(lanes.next(slow, 10, expired).id()).isEqualTo(2);
        assertThat(wakeUps).hasValue(0);
        assertThat(lanes.next(slow, 10, expired).id()).isEqualTo(3);
        assertThat(wakeUps).hasValue(0);
        assertThat(lanes.busy()).containsExactly(slow);
        assertThat(lanes.next(slow, 10, expired).id()).isEqualTo(4);
        assertThat(wakeUps).hasValue(1); // 1 waiting: below the busy mark again
        assertThat(lanes.busy()).isEmpty();
        assertThat(expired).isEmpty();
    }

    @Test
    void deliveriesThatWaitedTooLongGoBackAndAnEmptyLaneIsForgotten() {
        lanes.admit(delivery(slow, 1), 0);
        lanes.admit(delivery(slow, 2), 0);
        lanes.admit(delivery(slow, 3), 0);
        List<ClaimedDelivery> expired = new ArrayList<>();
        assertThat(lanes.next(slow, 5_000, expired)).isNull();
        assertThat(expired).extracting(ClaimedDelivery::id).containsExactly(3L);
        assertThat(lanes.next(slow, 5_000, expired)).isNull();
        assertThat(lanes.waiting()).isZero();
        assertThat(lanes.admit(delivery(slow, 4), 6_000)).isEqualTo(EndpointLanes.Admission.RUN);
    }
}
