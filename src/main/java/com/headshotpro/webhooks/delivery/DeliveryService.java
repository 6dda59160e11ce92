package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.EndpointDisabled;
import com.headshotpro.webhooks.endpoint.EndpointRemoved;
import com.headshotpro.webhooks.outbox.EventsAppended;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Makes deliveries of events and ends those of removed and disabled endpoints. */
@Service
class DeliveryService {

    private final DeliveryStore store;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryProperties properties;
    private final RetryLadder ladder;
    private final Clock clock;

    DeliveryService(DeliveryStore store, DeliveryDispatcher dispatcher, DeliveryProperties properties, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.ladder = properties.ladder();
        this.clock = clock;
    }

    /**
     * One delivery per active endpoint that takes each event, in one statement for all of them. On a
     * sending replica the deliveries are claimed as they are made and sent as soon as the transaction
     * commits; should the replica die first, their lease runs out and another replica sends them. Runs
     * in the outbox's transaction, whichever transaction manager began it.
     */
    @EventListener
    void fanOut(EventsAppended appended) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("Deliveries are made in the transaction of their events");
        }
        Instant now = clock.instant();
        long leaseEndsAt = System.nanoTime() + properties.lease().toNanos();
        boolean sending = dispatcher.sending();
        List<ClaimedDelivery> created = store.fanOut(
                appended.events(),
                ladder.attempts(),
                now,
                sending ? now.plus(properties.lease()) : now,
                leaseEndsAt,
                sending ? UUID.randomUUID() : null);
        if (sending && !created.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.handOff(created);
                }
            });
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(EndpointRemoved removed) {
        store.cancelPending(removed.endpointId(), "endpoint removed", clock.instant());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(EndpointDisabled disabled) {
        store.cancelPending(disabled.endpointId(), "endpoint disabled", clock.instant());
        store.forgetFailures(disabled.endpointId());
    }
}
