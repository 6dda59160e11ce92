package com.headshotpro.webhooks.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.ServiceClient;
import com.headshotpro.webhooks.support.ServiceProcess;
import com.headshotpro.webhooks.support.TcpProxy;
import com.headshotpro.webhooks.support.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres goes away under load (four clients creating models) and comes back, for the service in its own
 * JVM: its connections are reset and new ones refused (a proxy that cuts just this service, as a stopped
 * server would), until readiness is DOWN and every client has had a call refused. API calls fail fast with
 * 503 problems, the dispatcher waits and resumes by itself, and every event the API accepted reaches the
 * receiver.
 */
class DatabaseOutageIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageIntegrationTests.class);

    static final int CLIENTS = 4;
    static final TestDatabases.Database database = TestDatabases.migrated();
    static final TcpProxy proxy = TcpProxy.in(database);
    static final Receiver receiver = new Receiver();
    static ServiceProcess service;
    static ServiceClient api;

    record Call(int client, String id, int status, long millis, String contentType) {}

    @BeforeAll
    static void startService() {
        service = ServiceProcess.on(proxy.through(database)).start();
        api = new ServiceClient(service.baseUrl());
    }

    @AfterAll
    static void stopEverything() {
        if (service != null) {
            service.close();
        }
        proxy.close();
        receiver.close();
    }

    @Test
    void anOutageUnderLoadAnswers503FastAndLosesNoAcceptedEvent() throws Exception {
        api.organization("outage");
        receiver.answerOk("/outage");
        api.webhook("outage", receiver.url("/outage"));

        List<Call> calls = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicBoolean paused = new AtomicBoolean(false);
        AtomicInteger inFlight = new AtomicInteger();
        List<Thread> load = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int number = client;
            String prefix = "outage-" + client + "-";
            load.add(Thread.ofVirtual().start(() -> {
                for (int n = 0; loading.get(); n++) {
                    inFlight.incrementAndGet();
                    if (paused.get()) {
                        inFlight.decrementAndGet();
                        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                        continue;
                    }
                    String id = prefix + n;
                    long started = System.nanoTime();
                    ServiceClient.Answer answer = api.createModel("outage", id);
                    inFlight.decrementAndGet();
                    calls.add(new Call(
                            number,
                            id,
                            answer.status(),
                            Duration.ofNanos(System.nanoTime() - started).toMillis(),
                            answer.response()
                                    .headers()
                                    .firstValue("Content-Type")
                                    .orElse("")));
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
            }));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() >= 20);
        proxy.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.status("/actuator/health/readiness") == 503);
        assertThat(service.status("/actuator/health/liveness")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .alias("every client refused during the outage")
                .until(() -> calls.stream()
                                .filter(c -> c.status() != 201)
                                .map(Call::client)
                                .distinct()
                                .count()
                        == CLIENTS);
        // Postgres comes back between calls: a call still waiting for a connection as it returns may yet fail
        // with the outage's error, after the service has seen the end, and report a second outage.
        paused.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 0);
        proxy.restore();
        await().atMost(Duration.ofSeconds(20)).until(() -> service.status("/actuator/health/readiness") == 200);
        paused.set(false);
        int afterRestore = calls.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.size() >= afterRestore + 20);
        loading.set(false);
        for (Thread client : load) {
            client.join();
        }

        List<Call> accepted = calls.stream().filter(c -> c.status() == 201).toList();
        List<Call> refused = calls.stream().filter(c -> c.status() != 201).toList();
        log.info(
                "{} calls: {} accepted, {} refused, slowest refusal {} ms",
                calls.size(),
                accepted.size(),
                refused.size(),
                refused.stream().mapToLong(Call::millis).max().orElse(0));
        assertThat(refused).as("the outage was felt").isNotEmpty();
        assertThat(refused).allSatisfy(call -> {
            assertThat(call.status()).isEqualTo(503);
            assertThat(call.contentType()).startsWith("application/problem+json");
            assertThat(call.millis()).as("fails fast").isLessThan(5000);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String bodies = String.join(
                    "\n",
                    receiver.received("/outage").stream()
                            .map(r -> r.getBodyAsString())
                            .toList());
            assertThat(accepted).allSatisfy(call -> assertThat(bodies).contains("\"" + call.id() + "\""));
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> service.log().contains("Database available again"));
        String output = service.log();
        assertThat(Pattern.compile("WARN.*Database unavailable")
                        .matcher(output)
                        .results()
                        .count())
                .as("one WARN when the outage starts")
                .isEqualTo(1);
        assertThat(Pattern.compile("WARN.*Database available again")
                        .matcher(output)
                        .results()
                        .count())
                .as("one WARN when it ends")
                .isEqualTo(1);
        assertThat(Pattern.compile("(?m)^\\s+at ").matcher(output).results().count())
                .as("no stack traces")
                .isZero();
        assertThat(service.isAlive()).isTrue();
    }
}
