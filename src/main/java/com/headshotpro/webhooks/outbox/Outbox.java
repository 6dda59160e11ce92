package com.headshotpro.webhooks.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

    /**
     * An event to append: what happened ({@code type}) to what ({@code objectType}, {@code object} and
     * the payload's {@code extras} after it), in which organization.
     *
     * @param onlyEndpoint deliver to this endpoint only (test events); null: to every endpoint that takes
     *     the type
     */
    public record NewEvent(
            String organizationId,
            String type,
            String objectType,
            Object object,
            Map<String, ?> extras,
            @Nullable UUID onlyEndpoint) {}

    /** An appended event. */
    public record AppendedEvent(UUID id, String type, Instant createdAt, String payload) {}

    /** Stores one event; see {@link #appendAll}. */
    public AppendedEvent append(NewEvent event) {
        return appendAll(List.of(event)).getFirst();
    }

    /**
     * Stores events, in one statement however many, and announces them ({@link EventsAppended}), so
     * that their deliveries are made in the same transaction. Must run in the transaction of the
     * changes they report, whichever transaction manager began it (checked here rather than by a
     * transactional proxy, which would also tie it to one of them).
     */
    public List<AppendedEvent> appendAll(List<NewEvent> newEvents) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("Events are appended in the transaction of their change");
        }
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int n = newEvents.size();
        UUID[] ids = new UUID[n];
        String[] organizations = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        List<EventAppended> appended = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewEvent event = newEvents.get(i);
            ids[i] = UUID.randomUUID();
            organizations[i] = event.organizationId();
            types[i] = event.type();
            payloads[i] = EventPayloads.serialize(
                    ids[i], event.type(), createdAt, event.objectType(), event.object(), event.extras());
            appended.add(new EventAppended(
                    ids[i], createdAt, organizations[i], types[i], payloads[i], event.onlyEndpoint()));
        }
        jdbc.sql("""
                        INSERT INTO event (id, organization_id, type, payload, created_at)
                        SELECT e.id, e.organization_id, e.type, e.payload, :createdAt
                          FROM unnest(:ids::uuid[], :organizations::text[], :types::text[], :payloads::text[])
                               WITH ORDINALITY AS e(id, organization_id, type, payload, n)
                         ORDER BY e.n
                        """)
                .param("ids", ids)
                .param("organizations", organizations)
                .param("types", types)
                .param("payloads", payloads)
                .param("createdAt", createdAt.atOffset(ZoneOffset.UTC))
                .update();
        events.publishEvent(new EventsAppended(List.copyOf(appended)));
        return appended.stream()
                .map(e -> new AppendedEvent(e.id(), e.type(), createdAt, e.payload()))
                .toList();
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
