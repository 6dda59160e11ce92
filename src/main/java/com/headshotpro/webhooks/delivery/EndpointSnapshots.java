package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.SealedSecret;
import com.headshotpro.webhooks.endpoint.SigningSecrets;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the dispatcher knows of each endpoint, read from the endpoint feature's {@code endpoint_target}
 * view: its URL, the secret it signs with and whether it was removed or disabled, never older than
 * {@link #FRESHNESS} when an attempt starts. Claims bring fresh copies; an attempt on
 * an older one reads the endpoint again. So a new secret, a new URL or a removal reaches every attempt
 * that starts after it, queued and immediate retries included, at one read per endpoint per quarter
 * second at most.
 *
 * <p>The secret comes sealed and is opened by the endpoint feature ({@link SigningSecrets}) once per copy
 * kept, not once per attempt; the engine never sees ciphertext or the cipher. The opened secret lives only
 * in the copy, which says nothing of it in its text, and goes with it.
 */
@Component
class EndpointSnapshots {

    static final long FRESHNESS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long FORGET_AFTER = TimeUnit.MINUTES.toNanos(1);

    /**
     * An endpoint as read at {@code readAt} (System.nanoTime).
     *
     * @param secret the secret in plain text, or null when it cannot be opened (sealed with another key)
     */
    record Snapshot(String url, @Nullable String secret, boolean removed, long readAt) {

        @Override
        public String toString() {
            return "Snapshot[url=" + url + ", removed=" + removed + ", secret=<masked>]";
        }
    }

    private final JdbcClient jdbc;
    private final SigningSecrets secrets;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<UUID, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** Reads on the delivery engine's own pool: an attempt never waits behind API requests. */
    @Autowired
    EndpointSnapshots(@Qualifier("deliveryJdbc") JdbcClient jdbc, SigningSecrets secrets) {
        this(jdbc, secrets, System::nanoTime);
    }

    /** With {@code nanoTime} in place of System.nanoTime, for tests that steer time. */
    EndpointSnapshots(JdbcClient jdbc, SigningSecrets secrets, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.nanoTime = nanoTime;
    }

    /**
     * Keeps what a claim or fan-out read of the delivery's endpoint, unless something newer is known; its
     * secret is opened only when the copy is kept.
     */
    void offer(ClaimedDelivery delivery) {
        snapshots.compute(
                delivery.endpointId(),
                (id, known) -> known != null && known.readAt() - delivery.readAt() >= 0
                        ? known
                        : snapshot(delivery.url(), delivery.secret(), delivery.endpointRemoved(), delivery.readAt()));
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
                .query((rs, row) -> snapshot(
                        rs.getString("url"), SealedSecret.read(rs, "secret_ciphertext"), rs.getBoolean("removed"), now))
                .single();
        snapshots.put(endpointId, read);
        return read;
    }

    private Snapshot snapshot(String url, SealedSecret sealed, boolean removed, long readAt) {
        String secret;
        try {
            secret = secrets.open(sealed);
        } catch (RuntimeException e) {
            secret = null; // each attempt fails on it, as a failed attempt on the ladder
        }
        return new Snapshot(url, secret, removed, readAt);
    }

    /** Forgets endpoints not heard of for a minute. */
    void forgetIdle() {
        long now = nanoTime.getAsLong();
        snapshots.values().removeIf(s -> now - s.readAt() > FORGET_AFTER);
    }
}
