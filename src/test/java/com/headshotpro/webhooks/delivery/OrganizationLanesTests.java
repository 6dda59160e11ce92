package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.delivery.OrganizationLanes.Admission;
import com.headshotpro.webhooks.endpoint.SealedSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OrganizationLanesTests {

    private final AtomicInteger wakeUps = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    // 4 in flight per organization, 2 per endpoint; a claim adds at most 2, so a lane holds 4 waiting
    // and is busy from 2
    private final OrganizationLanes lanes = new OrganizationLanes(4, 2, 2, wakeUps::incrementAndGet);

    private ClaimedDelivery delivery(String organization, UUID endpoint) {
        return new ClaimedDelivery(
                ids.incrementAndGet(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                java.time.Instant.now(),
                "model.created",
                organization,
                endpoint,
                "WEBHOOK",
                "https://x",
                SealedSecret.of(new byte[0]),
                "{}",
                0,
                5,
                false,
                false,
                0,
                Long.MAX_VALUE);
    }

    @Test
    void anOrganizationRunsUpToItsLimitAcrossEndpointsThenQueuesThenRefuses() {
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            admissions.add(lanes.admit(delivery("hostile", UUID.randomUUID())));
        }
        assertThat(admissions)
                .containsExactly(
                        Admission.RUN,
                        Admission.RUN,
                        Admission.RUN,
                        Admission.RUN,
                        Admission.QUEUED,
                        Admission.QUEUED,
                        Admission.QUEUED,
                        Admission.QUEUED,
                        Admission.FULL);
        assertThat(lanes.waiting()).isEqualTo(4);
        assertThat(lanes.busy()).containsExactly("hostile");
    }

    @Test
    void oneEndpointTakesAtMostItsShareOfItsOrganization() {
        UUID slow = UUID.randomUUID();
        assertThat(lanes.admit(delivery("acme", slow))).isEqualTo(Admission.RUN);
        assertThat(lanes.admit(delivery("acme", slow))).isEqualTo(Admission.RUN);
        assertThat(lanes.admit(delivery("acme", slow))).isEqualTo(Admission.QUEUED);
        assertThat(lanes.admit(delivery("acme", UUID.randomUUID()))).isEqualTo(Admission.RUN);
    }

    @Test
    void oneOrganizationsLaneNeverHoldsUpAnother() {
        for (int i = 0; i < 8; i++) {
            lanes.admit(delivery("hostile", UUID.randomUUID()));
        }
        assertThat(lanes.admit(delivery("other", UUID.randomUUID()))).isEqualTo(Admission.RUN);
        assertThat(lanes.admit(delivery("other", UUID.randomUUID()))).isEqualTo(Admission.RUN);
        assertThat(lanes.busy()).containsExactly("hostile");
    }

    @Test
    void aFinishingWorkerTakesTheNextThatMayRunAndWakesThePollerWhenThereIsRoom() {
        UUID slow = UUID.randomUUID();
        UUID fast = UUID.randomUUID();
        ClaimedDelivery first = delivery("acme", slow);
        lanes.admit(first);
        lanes.admit(delivery("acme", slow));
        ClaimedDelivery third = delivery("acme", slow); // its endpoint is at its limit: waits
        ClaimedDelivery other = delivery("acme", fast);
        lanes.admit(third);
        lanes.admit(delivery("acme", slow));
        lanes.admit(other); // the organization has room: runs at once
        assertThat(lanes.waiting()).isEqualTo(2);

        assertThat(lanes.next(other))
                .as("nothing waiting may run: the slow endpoint is full")
                .isNull();
        assertThat(lanes.next(first)).isSameAs(third);
        assertThat(wakeUps).hasValue(1); // 1 waiting: below the busy mark again
        assertThat(lanes.busy()).isEmpty();
    }

    @Test
    void stoppingTakesEveryWaitingDeliveryOutAndAnEmptyLaneIsForgotten() {
        UUID endpoint = UUID.randomUUID();
        ClaimedDelivery a = delivery("acme", endpoint);
        ClaimedDelivery b = delivery("acme", endpoint);
        ClaimedDelivery c = delivery("acme", endpoint);
        lanes.admit(a);
        lanes.admit(b);
        lanes.admit(c);
        assertThat(lanes.drainWaiting()).containsExactly(c);
        assertThat(lanes.waiting()).isZero();
        assertThat(lanes.next(a)).isNull();
        assertThat(lanes.next(b)).isNull();
        assertThat(lanes.admit(delivery("acme", endpoint))).isEqualTo(Admission.RUN);
        assertThat(lanes.admit(delivery("acme", endpoint))).isEqualTo(Admission.RUN);
    }
}
