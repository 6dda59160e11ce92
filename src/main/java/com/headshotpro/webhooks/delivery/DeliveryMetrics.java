package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.transport.Attempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivery metrics: deliveries by outcome, attempt latency by result, the pending backlog, the age of
 * the oldest due delivery and the paces of the endpoints their receivers slowed down (refreshed every few
 * seconds from the database, not at each scrape).
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry registry;
    private final DeliveryStore store;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestDueAgeMillis = new AtomicLong();
    private final Counter succeeded;
    private final Counter retried;
    private final Counter failed;
    private final Counter deferred;
    private final Counter cancelled;
    private final Counter endpointsDisabled;
    private final Counter replays;
    private final Counter replayedDeliveries;
    private final Timer attemptSucceeded;
    private final Timer attemptHttpError;
    private final Timer attemptError;
    private final Timer claims;
    private final MultiGauge paces;

    DeliveryMetrics(MeterRegistry registry, DeliveryStore store, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.succeeded = outcome("succeeded");
        this.retried = outcome("retry_scheduled");
        this.failed = outcome("failed");
        this.deferred = outcome("deferred");
        this.cancelled = outcome("cancelled");
        this.endpointsDisabled = Counter.builder("hooks.endpoints.disabled")
                .description(
                        "Endpoints disabled for going without a successful delivery for hooks.delivery.disable-after")
                .register(registry);
        this.replays = Counter.builder("hooks.replays")
                .description("Replays of an organization's events to its webhook or one of its endpoints")
                .register(registry);
        this.replayedDeliveries = Counter.builder("hooks.replays.deliveries")
                .description("Deliveries made by replays")
                .register(registry);
        this.attemptSucceeded = attemptTimer("success");
        this.attemptHttpError = attemptTimer("http_error");
        this.attemptError = attemptTimer("error");
        this.claims = Timer.builder("hooks.delivery.claims")
                .description(
                        "Claim statements, from sending one to its rows read, whether it found due deliveries or not")
                .publishPercentileHistogram()
                .register(registry);
        this.paces = MultiGauge.builder("hooks.endpoints.pace")
                .description("The requests a second an endpoint its receiver slowed down is sent now (only those)")
                .register(registry);
        Gauge.builder("hooks.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries waiting for an attempt")
                .register(registry);
        Gauge.builder("hooks.deliveries.oldest.due.age", oldestDueAgeMillis, v -> v.get() / 1000.0)
                .description("How long the oldest due delivery has been waiting")
                .baseUnit("seconds")
                .register(registry);
    }

    /** The gauge of outcomes waiting in memory to be written (they pile up while the database is away). */
    void watchUnwritten(AtomicInteger unwritten) {
        Gauge.builder("hooks.delivery.outcomes.unwritten", unwritten, AtomicInteger::get)
                .description("Delivery outcomes waiting in memory to be written to the database")
                .register(registry);
    }

    private Counter outcome(String outcome) {
        return Counter.builder("hooks.deliveries")
                .description("Deliveries by outcome of their latest round of attempts")
                .tag("outcome", outcome)
                .register(registry);
    }

    void succeeded() {
        succeeded.increment();
    }

    void retryScheduled() {
        retried.increment();
    }

    void failed() {
        failed.increment();
    }

    void deferred() {
        deferred.increment();
    }

    void cancelled() {
        cancelled.increment();
    }

    void endpointDisabled() {
        endpointsDisabled.increment();
    }

    void replayed(int deliveries) {
        replays.increment();
        replayedDeliveries.increment(deliveries);
    }

    private Timer attemptTimer(String result) {
        return Timer.builder("hooks.delivery.attempts")
                .description("HTTP attempts by result")
                .tag("result", result)
                .publishPercentileHistogram()
                .register(registry);
    }

    void claimed(long nanos) {
        claims.record(nanos, TimeUnit.NANOSECONDS);
    }

    void attempt(Attempt attempt) {
        Timer timer =
                attempt.succeeded() ? attemptSucceeded : attempt.statusCode() != null ? attemptHttpError : attemptError;
        timer.record(attempt.durationMs(), TimeUnit.MILLISECONDS);
    }

    @Scheduled(fixedDelayString = "${hooks.metrics.backlog-refresh:5s}", initialDelayString = "1s")
    void refreshBacklog() {
        Instant now = clock.instant();
        DeliveryStore.Backlog backlog = store.backlog(now);
        pending.set(backlog.pending());
        oldestDueAgeMillis.set(
                backlog.oldestDue() == null
                        ? 0
                        : Duration.between(backlog.oldestDue(), now).toMillis());
        paces.register(
                store.slowedEndpoints().stream()
                        .map(slowed -> MultiGauge.Row.of(
                                Tags.of("endpoint", slowed.id().toString(), "organization", slowed.organizationId()),
                                slowed.currentPerSecond()))
                        .toList(),
                true);
    }
}
