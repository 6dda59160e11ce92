package com.headshotpro.webhooks.delivery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.NamedInterface;
import org.springframework.validation.annotation.Validated;

/**
 * How deliveries are made: the one record of {@code hooks.delivery}, read by the engine, by the delivery
 * log's manual sends and replays, and by the URL policy's bean ({@link DeliveryConfiguration}).
 *
 * @param enabled whether this replica sends (false: API only)
 * @param retryDelays the wait after each failed attempt; one more attempt than delays in all
 * @param lease how long a claimed delivery belongs to one replica before another may take it
 * @param connectTimeout TCP and TLS connect timeout
 * @param requestTimeout deadline of a whole request, from connect to the last response byte read
 * @param pollInterval how often due deliveries are looked for when none are waiting
 * @param batchSize most deliveries claimed in one statement
 * @param maxInFlight most requests in flight on this replica
 * @param maxInFlightPerOrganization most requests in flight for one organization on this replica, across
 *     all its endpoints
 * @param maxInFlightPerEndpoint most requests in flight to one endpoint on this replica
 * @param firstAttemptShare the percentage of {@code maxInFlight} that retries may not take: a replica holds
 *     at most the rest in retries (claimed, waiting or in flight), so deliveries never tried yet always
 *     find room, however many other deliveries are failing slowly
 * @param maxRedeliveries most manual redeliveries of one delivery
 * @param manualSendsPerMinute test events and redeliveries one organization may ask for in any minute,
 *     across all replicas
 * @param replaysPerHour replays one organization may make in any hour, across all replicas
 * @param replayMax most deliveries one replay may make; a larger one is refused and makes none
 * @param disableAfter an endpoint with a failed delivery and no successful attempt for this long is disabled
 * @param allowHttpTargets accept {@code http} URLs as well as {@code https} (local work and tests only)
 * @param allowPrivateTargets accept loopback, private and other internal addresses (local work and tests only)
 * @param poolSize database connections of the delivery engine's own pool (claims, outcomes, endpoint
 *     reads, gauges), apart from the main pool that API requests use
 */
@NamedInterface("api")
@Validated
@ConfigurationProperties("hooks.delivery")
public record DeliveryProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"0s", "5m", "15m", "1h"}) @NotEmpty List<Duration> retryDelays,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration requestTimeout,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("256") @Min(1) int batchSize,
        @DefaultValue("256") @Min(1) int maxInFlight,
        @DefaultValue("32") @Min(1) int maxInFlightPerOrganization,
        @DefaultValue("16") @Min(1) int maxInFlightPerEndpoint,
        @DefaultValue("25") @Min(0) @Max(90) int firstAttemptShare,
        @DefaultValue("20") @Min(0) int maxRedeliveries,
        @DefaultValue("60") @Min(1) int manualSendsPerMinute,
        @DefaultValue("10") @Min(1) int replaysPerHour,
        @DefaultValue("100000") @Min(1) int replayMax,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("4") @Min(2) int poolSize,
        @DefaultValue("false") boolean allowHttpTargets,
        @DefaultValue("false") boolean allowPrivateTargets) {

    /** The least lease an attempt may start on: its request timeout and a second to record the outcome. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(1);

    public DeliveryProperties {
        if (lease.compareTo(requestTimeout.plus(LEASE_MARGIN).plus(LEASE_MARGIN)) < 0) {
            throw new IllegalArgumentException("hooks.delivery.lease (" + lease
                    + ") must exceed hooks.delivery.request-timeout (" + requestTimeout + ") by at least 2s");
        }
    }

    /** The lease an attempt needs left to start: its request timeout plus a margin to record its outcome. */
    Duration leaseNeededPerAttempt() {
        return requestTimeout.plus(LEASE_MARGIN);
    }

    /** The most retries this replica holds at once: what the first attempts' share leaves, and at least one. */
    int maxRetriesHeld() {
        return Math.max(1, maxInFlight - maxInFlight * firstAttemptShare / 100);
    }

    RetryLadder ladder() {
        return new RetryLadder(retryDelays);
    }
}
