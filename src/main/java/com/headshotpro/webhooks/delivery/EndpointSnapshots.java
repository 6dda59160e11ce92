package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.SealedSecret;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the dispatcher knows of each endpoint, read from the endpoint feature's {@code endpoint_target}
 * view: its URL, its sealed secret and whether it was removed or disabled, never older than
 * {@link #FRESHNESS} when an attempt starts. Claims bring fresh copies; an attempt on
 * an older one reads the endpoint again. So a new secret, a new URL or a removal reaches every attempt
 * that starts after it, queued and immediate retries included, at one read per endpoint per quarter
 * second at most.
 */
@Component
class EndpointSnapshots {

    static final long FRESHNESS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long FORGET_AFTER = TimeUnit.MINUTES.toNanos(1);

    /** An endpoint as read at {@code readAt} (System.nanoTime). */
    record Snapshot(String url, SealedSecret secret, boolean removed, long readAt) {

        @Override
        public String toString() {
            return "Snapshot[url=" + url + ", removed=" + removed + ", secret=<masked>]";
        }
    }

    private final JdbcClient jdbc;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<UUID, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** Reads on the delivery engine's own pool: an attempt never waits behind API requests. */
    @Autowired
    EndpointSnapshots(@Qualifier("deliveryJdbc") JdbcClient jdbc) {
        this(jdbc, System::nanoTime);
    }

    /** With {@code nanoTime} in place of System.nanoTime, for tests that steer time. */
    EndpointSnapshots(JdbcClient jdbc, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.nanoTime = nanoTime;
    }

    /** Keeps what a claim or fan-out read of the delivery's endpoint, unless something newer is known. */
    void offer(ClaimedDelivery delivery) {
        Snapshot read = new Snapshot(delivery.url(), delivery.secret(), delivery.endpointRemoved(), delivery.readAt());
        snapshots.merge(
                delivery.endpointId(),
                read,
                (known, offered) -> offered.readAt() - known.readAt() > 0 ? offered : known);
    }

    /** The endpoint as it is now, give or take {@link #FRESHNESS}. */
    Snapshot current(UUID endpointId) {
        long now = nanoTime.getAsLong();
        Snapshot known = snapshots.get(endpointId);
        if (known != null && now - known.readAt() <= FRESHNESS) {
            return known;
        }
        Snapshot read = jdbc.sql(
                        "SELECT url, secret_ciphertext, NOT active AS removed FROM endpoint_target WHERE id = ?")
                .param(endpointId)
                .query((rs, row) -> new Snapshot(
                        rs.getString("url"), SealedSecret.read(rs, "secret_ciphertext"), rs.getBoolean("removed"), now))
                .single();
        snapshots.put(endpointId, read);
        return read;
    }

    /** Forgets endpoints not heard of for a minute. */
    void forgetIdle() {
        long now = nanoTime.getAsLong();
        snapshots.values().removeIf(s -> now - s.readAt() > FORGET_AFTER);
    }
}
