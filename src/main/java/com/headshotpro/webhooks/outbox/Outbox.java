package com.headshotpro.webhooks.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the outbox inside the caller's transaction, so an event exists exactly when the
 * change it reports does, and announces it ({@link EventAppended}) in that transaction: the delivery
 * feature fans it out to the organization's endpoints.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Outbox(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** An appended event. */
    public record AppendedEvent(UUID id, String type, Instant createdAt, String payload) {}

    /**
     * Stores the event and its deliveries. Must run in the transaction of the change it reports.
     *
     * @param onlyWebhook deliver to the webhook URL only, not to Zapier subscriptions (test events)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AppendedEvent append(
            String organizationId,
            String type,
            String objectType,
            Object object,
            Map<String, ?> extras,
            boolean onlyWebhook) {
        UUID id = UUID.randomUUID();
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String payload = EventPayloads.serialize(id, type, createdAt, objectType, object, extras);
        jdbc.sql("INSERT INTO event (id, organization_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, organizationId, type, payload, createdAt.atOffset(java.time.ZoneOffset.UTC))
                .update();
        events.publishEvent(new EventAppended(id, organizationId, type, payload, onlyWebhook));
        return new AppendedEvent(id, type, createdAt, payload);
    }

    /** The organization's latest payloads of one type, newest first. */
    @Transactional(readOnly = true)
    public List<String> latest(String organizationId, String type, int limit) {
        return jdbc.sql("""
                        SELECT payload FROM event WHERE organization_id = ? AND type = ?
                         ORDER BY created_at DESC, id LIMIT ?
                        """)
                .params(organizationId, type, limit)
                .query(String.class)
                .list();
    }
}
