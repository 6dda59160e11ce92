package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.endpoint.SealedSecret;
import com.headshotpro.webhooks.transport.Attempt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The outcome writer against a store that fails on purpose: what the database refuses is written alone,
 * then reduced; what it cannot take during an outage waits and is written when it is back; the buffer is
 * bounded, so a writer that cannot keep up makes the workers wait.
 */
class DeliveryCompletionsTests {

    static final DriverManagerDataSource NOWHERE_DATA_SOURCE =
            new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none");
    static final JdbcClient NOWHERE = JdbcClient.create(NOWHERE_DATA_SOURCE);
    static final Instant NOW = Instant.parse("2024-01-15T12:00:00Z");

    /** A store that answers from a script of failures, and remembers what it was finally given. */
    static class ScriptedStore extends DeliveryStore {

        final List<Outcome> written = new CopyOnWriteArrayList<>();
        final AtomicInteger outages = new AtomicInteger();
        volatile CountDownLatch blocked = new CountDownLatch(0);

        ScriptedStore() {
            super(NOWHERE, NOWHERE);
        }

        @Override
        Set<Long> complete(List<Outcome> outcomes, Instant now) {
            try {
                blocked.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (outages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new CannotGetJdbcConnectionException("down", new SQLTransientConnectionException("timeout"));
            }
            if (outcomes.stream().flatMap(o -> o.attempts().stream()).anyMatch(a -> a.response() != null)) {
                throw new DataIntegrityViolationException("character has no equivalent in this encoding");
            }
            written.addAll(outcomes);
            return outcomes.stream().map(Outcome::deliveryId).collect(Collectors.toSet());
        }
    }

    final ScriptedStore store = new ScriptedStore();
    final DatabaseAvailability database = new DatabaseAvailability(NOWHERE_DATA_SOURCE, Clock.systemUTC());
    final DeliveryCompletions completions = new DeliveryCompletions(
            store,
            new DeliveryMetrics(new SimpleMeterRegistry(), store, Clock.systemUTC()),
            database,
            DeliveryAttemptTests.properties(Map.of("max-in-flight", "4")),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        store.blocked.countDown();
        completions.stop();
    }

    static Outcome outcome(long id, String response) {
        ClaimedDelivery delivery = new ClaimedDelivery(
                id,
                UUID.randomUUID(),
                UUID.randomUUID(),
                java.time.Instant.now(),
                "model.created",
                "org",
                UUID.randomUUID(),
                "WEBHOOK",
                "https://example.com/hook",
                SealedSecret.of(new byte[0]),
                "{}",
                0,
                5,
                false,
                false,
                0,
                Long.MAX_VALUE);
        Attempt attempt = new Attempt(1, NOW, 12, 500, null, response);
        return new Outcome(delivery, Outcome.Status.PENDING, 1, NOW.plusSeconds(300), "HTTP 500", List.of(attempt));
    }

    @Test
    void anOutcomeTheDatabaseRefusesIsWrittenReducedAndTheOthersAsTheyAre() {
        completions.start();
        completions.add(outcome(1, "€ not in this encoding"));
        completions.add(outcome(2, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.written.size() == 2);
        Map<Long, Outcome> byId = store.written.stream().collect(Collectors.toMap(Outcome::deliveryId, o -> o));
        assertThat(byId.get(1L).attempts()).singleElement().satisfies(a -> {
            assertThat(a.statusCode()).isEqualTo(500);
            assertThat(a.response()).isNull();
        });
        assertThat(byId.get(1L).status()).isEqualTo(Outcome.Status.PENDING);
        assertThat(byId.get(2L).lastError()).isEqualTo("HTTP 500");
    }

    @Test
    void duringAnOutageOutcomesWaitAndAreWrittenOnceTheDatabaseIsBack() {
        store.outages.set(3);
        completions.start();
        completions.add(outcome(7, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.written.size() == 1);
        assertThat(store.written.getFirst().deliveryId()).isEqualTo(7);
        assertThat(database.available()).as("the outage was reported").isFalse();
    }

    @Test
    void aWriterThatCannotKeepUpMakesTheWorkersWait() throws Exception {
        store.blocked = new CountDownLatch(1);
        completions.start();
        // capacity: 1000 (the batch size), plus one batch taken by the blocked writer
        Thread worker = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 2500; i++) {
                completions.add(outcome(i, null));
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.getState() == Thread.State.WAITING);
        assertThat(worker.isAlive()).as("the worker waits for room").isTrue();
        store.blocked.countDown();
        worker.join(5000);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.written.size() == 2500);
    }
}
