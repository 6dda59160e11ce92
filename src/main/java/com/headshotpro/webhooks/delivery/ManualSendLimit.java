package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.web.ApiException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Test events and manual redeliveries an organization may ask for: {@code hooks.delivery.manual-sends-per-minute}
 * (60) a minute, refilled evenly (a Bucket4j token bucket per organization and replica, on the service's
 * clock). Beyond, 429 with the seconds until the next one is allowed.
 */
@Component
class ManualSendLimit {

    private final int perMinute;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    ManualSendLimit(DeliveryProperties properties, Clock clock) {
        this.perMinute = properties.manualSendsPerMinute();
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
    }

    /** Takes one send from the organization's allowance, or refuses with 429. */
    void take(String organizationId) {
        ConsumptionProbe probe =
                buckets.computeIfAbsent(organizationId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw ApiException.tooManyRequests(
                    "At most " + perMinute + " test events and redeliveries a minute; try again in "
                            + Math.max(1, (wait.toMillis() + 999) / 1000) + " s",
                    wait);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }
}
