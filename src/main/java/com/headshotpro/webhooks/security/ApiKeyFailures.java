package com.headshotpro.webhooks.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * What failed API key authentications cost, kept in memory per replica so that a flood of them costs no
 * database query: {@code hooks.security.api-key-failures-per-minute} failures per client (an IPv4 address,
 * an IPv6 /64), refilled evenly, after which the client waits (a Bucket4j token bucket on the service's
 * clock); the keys recently refused, by their SHA-256, so that a wrong key sent again is not looked up
 * again; and the keys recently accepted, which a client's used-up allowance does not hold back. All are
 * bounded: a client whose allowance is whole again is forgotten, clients beyond {@link #MAX_CLIENTS} share
 * one allowance, and the remembered keys start afresh beyond {@link #MAX_REMEMBERED_KEYS}.
 */
final class ApiKeyFailures {

    static final int MAX_CLIENTS = 10_000;
    static final int MAX_REMEMBERED_KEYS = 10_000;
    static final Duration KEY_MEMORY = Duration.ofMinutes(10);

    private final int perMinute;
    private final Clock clock;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Bucket> byClient = new ConcurrentHashMap<>();
    private final Bucket crowd;
    private final AtomicLong nextSweep = new AtomicLong();
    private final ConcurrentHashMap<String, Instant> refusedKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> acceptedKeys = new ConcurrentHashMap<>();

    ApiKeyFailures(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return TimeUnit.MILLISECONDS.toNanos(clock.millis());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.crowd = newBucket();
    }

    /** The client a request comes from: its remote address, or the /64 network of an IPv6 one. */
    static String client(String remoteAddress) {
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            byte[] address = InetAddress.getByName(remoteAddress).getAddress();
            return address.length == 16 ? HexFormat.of().formatHex(address, 0, 8) + "::/64" : remoteAddress;
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }

    /** How long the client must wait before it may present a key again; empty when it may now. */
    Optional<Duration> wait(String client) {
        Bucket bucket = byClient.get(client);
        if (bucket == null && byClient.size() >= MAX_CLIENTS) {
            bucket = crowd;
        }
        if (bucket == null) {
            return Optional.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed()
                ? Optional.empty()
                : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Counts a failed authentication of the client. */
    void failed(String client) {
        Bucket bucket = byClient.get(client);
        if (bucket == null) {
            if (byClient.size() >= MAX_CLIENTS) {
                forgetWholeAllowances();
            }
            bucket = byClient.size() >= MAX_CLIENTS ? crowd : byClient.computeIfAbsent(client, c -> newBucket());
        }
        bucket.tryConsume(1);
    }

    /** Whether the key was refused lately: no issued key becomes valid after it was refused. */
    boolean refusedLately(String key) {
        Instant until = refusedKeys.get(DigestUtils.sha256Hex(key));
        return until != null && until.isAfter(clock.instant());
    }

    /** Remembers a key that matched no organization. */
    void refused(String key) {
        remember(refusedKeys, key);
    }

    /**
     * Whether the key authenticated lately. Such a key is still looked up (it may have been replaced
     * since), but not held back by its client's allowance: callers behind one address, as Zapier's are,
     * keep working while another of them fails with a stale key.
     */
    boolean acceptedLately(String key) {
        Instant until = acceptedKeys.get(DigestUtils.sha256Hex(key));
        return until != null && until.isAfter(clock.instant());
    }

    /** Remembers a key that authenticated. */
    void accepted(String key) {
        remember(acceptedKeys, key);
    }

    private void remember(ConcurrentHashMap<String, Instant> keys, String key) {
        if (keys.size() >= MAX_REMEMBERED_KEYS) {
            keys.clear();
        }
        keys.put(DigestUtils.sha256Hex(key), clock.instant().plus(KEY_MEMORY));
    }

    /** At most once a second: a client whose allowance is whole again is the same as one never seen. */
    private void forgetWholeAllowances() {
        long now = clock.millis();
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + 1000)) {
            return;
        }
        byClient.values().removeIf(bucket -> bucket.getAvailableTokens() >= perMinute);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }
}
