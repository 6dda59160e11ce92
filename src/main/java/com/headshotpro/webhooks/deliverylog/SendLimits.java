package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.delivery.DeliveryProperties;
import com.headshotpro.webhooks.failure.LimitExceededException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an organization may ask the service to send by hand, counted in Postgres so that every replica
 * shares the count: {@code hooks.delivery.manual-sends-per-minute} test events and redeliveries in any
 * minute, {@code hooks.delivery.replays-per-hour} replays in any hour. Each limit is a sliding window,
 * kept as the times of the sends within it (table {@code send_allowance}, one row per organization and
 * limit, never longer than the limit). Beyond it, 429 with the seconds until the oldest send leaves the
 * window. A send is taken in the caller's transaction, so a request refused after it (or rolled back)
 * gives it back.
 */
@Component
class SendLimits {

    /** One limit: at most {@code count} sends of {@code kind} in any {@code window}. */
    private record Limit(String kind, int count, Duration window, String what) {}

    private final Limit manualSends;
    private final Limit replays;
    private final JdbcClient jdbc;
    private final Clock clock;

    SendLimits(DeliveryProperties properties, JdbcClient jdbc, Clock clock) {
        this.manualSends = new Limit(
                "MANUAL_SEND",
                properties.manualSendsPerMinute(),
                Duration.ofMinutes(1),
                "test events and redeliveries a minute");
        this.replays = new Limit("REPLAY", properties.replaysPerHour(), Duration.ofHours(1), "replays an hour");
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes one test event or redelivery from the organization's allowance, or refuses with 429. */
    @Transactional(propagation = Propagation.MANDATORY)
    void takeManualSend(String organizationId) {
        take(organizationId, manualSends);
    }

    /** Takes one replay from the organization's allowance, or refuses with 429. */
    @Transactional(propagation = Propagation.MANDATORY)
    void takeReplay(String organizationId) {
        take(organizationId, replays);
    }

    /**
     * One statement: the row is locked (even when the send is refused) until the caller's transaction
     * ends, so concurrent takes of one organization and limit count one after the other.
     */
    private void take(String organizationId, Limit limit) {
        Instant now = clock.instant();
        Instant from = now.minus(limit.window());
        boolean taken = jdbc.sql("""
                        INSERT INTO send_allowance AS a (organization_id, kind, sent_at)
                        VALUES (:org, :kind, ARRAY[CAST(:now AS timestamptz)])
                        ON CONFLICT (organization_id, kind) DO UPDATE
                           SET sent_at = ARRAY(SELECT t FROM unnest(a.sent_at) AS t WHERE t > :from ORDER BY t)
                                         || CAST(:now AS timestamptz)
                         WHERE (SELECT count(*) FROM unnest(a.sent_at) AS t WHERE t > :from) < :count
                        RETURNING true
                        """)
                .param("org", organizationId)
                .param("kind", limit.kind())
                .param("now", ReplayStore.utc(now))
                .param("from", ReplayStore.utc(from))
                .param("count", limit.count())
                .query(Boolean.class)
                .optional()
                .isPresent();
        if (!taken) {
            Instant oldest = jdbc.sql("""
                            SELECT min(t) FROM send_allowance a, unnest(a.sent_at) AS t
                             WHERE a.organization_id = :org AND a.kind = :kind AND t > :from
                            """)
                    .param("org", organizationId)
                    .param("kind", limit.kind())
                    .param("from", ReplayStore.utc(from))
                    .query(OffsetDateTime.class)
                    .single()
                    .toInstant();
            Duration wait = Duration.between(now, oldest.plus(limit.window()));
            throw new LimitExceededException(
                    "At most " + limit.count() + " " + limit.what() + "; try again in "
                            + LimitExceededException.wholeSeconds(wait) + " s",
                    wait);
        }
    }
}
