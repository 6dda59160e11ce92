package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.delivery.DeliveryProperties;
import com.headshotpro.webhooks.deliverylog.DeliveryLog.LoggedDelivery;
import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.NotFoundException;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One new attempt of a delivery now, through the normal dispatcher: a finished delivery gets exactly
 * one more attempt; a pending one is made due now with one attempt more than its ladder had. A delivery
 * being attempted at this moment is a conflict, so that it is never sent twice at once, and so is one
 * redelivered {@code max-redeliveries} times already; each redelivery counts against the
 * organization's manual-send allowance ({@link SendLimits}), given back when it is refused.
 */
@Service
public class Redeliveries {

    private final DeliveryLog log;
    private final JdbcClient jdbc;
    private final SendLimits limits;
    private final int maxRedeliveries;
    private final Clock clock;

    Redeliveries(DeliveryLog log, JdbcClient jdbc, SendLimits limits, DeliveryProperties properties, Clock clock) {
        this.log = log;
        this.jdbc = jdbc;
        this.limits = limits;
        this.maxRedeliveries = properties.maxRedeliveries();
        this.clock = clock;
    }

    @Transactional
    public void redeliver(String organizationId, long id) {
        LoggedDelivery delivery = log.find(organizationId, id).orElseThrow(() -> new NotFoundException("Delivery"));
        if (delivery.endpoint().removed()) {
            throw new ConflictException("Endpoint removed", "The endpoint of this delivery has been removed");
        }
        if (redeliveries(delivery) >= maxRedeliveries) {
            throw new ConflictException("This delivery was redelivered " + maxRedeliveries
                    + " times, the most it may be; send a test event to check the endpoint instead");
        }
        limits.takeManualSend(organizationId);
        int updated = jdbc.sql("""
                        UPDATE delivery
                           SET attempts_allowed = CASE WHEN status = 'PENDING' THEN attempts_allowed + 1
                                                       ELSE attempt_count + 1 END,
                               redeliveries = redeliveries + 1,
                               status = 'PENDING', next_attempt_at = :now, lease_token = NULL, updated_at = :now
                         WHERE id = :id AND event_created_at = :day AND organization_id = :org
                           AND redeliveries < :max
                           AND NOT (status = 'PENDING' AND lease_token IS NOT NULL AND next_attempt_at > :now)
                        """)
                .param("now", ReplayStore.utc(clock.instant()))
                .param("id", delivery.id())
                .param("day", ReplayStore.utc(delivery.eventCreatedAt()))
                .param("org", organizationId)
                .param("max", maxRedeliveries)
                .update();
        if (updated == 0) {
            throw new ConflictException(
                    "Delivery in progress", "This delivery is being attempted right now; try again shortly");
        }
    }

    private int redeliveries(LoggedDelivery delivery) {
        return jdbc.sql("SELECT redeliveries FROM delivery WHERE id = ? AND event_created_at = ?")
                .params(delivery.id(), ReplayStore.utc(delivery.eventCreatedAt()))
                .query(Integer.class)
                .single();
    }
}
