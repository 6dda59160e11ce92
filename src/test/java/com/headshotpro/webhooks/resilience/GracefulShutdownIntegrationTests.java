package com.headshotpro.webhooks.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.ServiceClient.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.WebhooksApplication;
import com.headshotpro.webhooks.database.DatabaseClock;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.ServiceClient;
import com.headshotpro.webhooks.support.ServiceProcess;
import com.headshotpro.webhooks.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SIGTERM to a replica with attempts in flight and more claimed behind them: it stops claiming, releases
 * what it had not started at once, lets the attempts in flight finish and records them, and exits within
 * the lifecycle timeout plus the request timeout; a second replica then sends the rest at once, not
 * after the lease, and no event arrives twice. The first replica is a process of its own, since it is
 * sent SIGTERM; the second only has to claim and send, so it runs in this JVM, where it starts in a
 * fraction of a new process's time.
 */
class GracefulShutdownIntegrationTests {

    static final Duration LIFECYCLE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    static final int EVENTS = 120;

    static final TestDatabases.Database database = TestDatabases.create();
    static final Receiver receiver = new Receiver();
    static final Map<String, String> REPLICA_PROPERTIES = Map.of(
            "spring.lifecycle.timeout-per-shutdown-phase", LIFECYCLE_TIMEOUT.toSeconds() + "s",
            "hooks.delivery.request-timeout", REQUEST_TIMEOUT.toSeconds() + "s",
            "hooks.delivery.lease", "60s");

    static ServiceProcess first;
    static ConfigurableApplicationContext second;

    static ServiceProcess firstReplica() {
        ServiceProcess.Builder builder = ServiceProcess.on(database);
        REPLICA_PROPERTIES.forEach(builder::property);
        return builder.start();
    }

    /** The same service on the same database, with the same settings, in this JVM. */
    static ConfigurableApplicationContext secondReplica() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        REPLICA_PROPERTIES.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(WebhooksApplication.class)
                .profiles("test")
                .run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopEverything() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        receiver.close();
    }

    @Test
    void aTerminatedReplicaFinishesWhatIsInFlightReleasesTheRestAndAnotherSendsIt() throws Exception {
        first = firstReplica();
        ServiceClient api = new ServiceClient(first.baseUrl());
        api.organization("shutdown");
        receiver.answer("/shutdown", aResponse().withStatus(200).withFixedDelay(1500));
        api.webhook("shutdown", receiver.url("/shutdown"));
        expect(
                api.createModels(
                        "shutdown",
                        IntStream.range(0, EVENTS)
                                .mapToObj(n -> "shutdown-" + n)
                                .toList()),
                201);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.received("/shutdown").size() >= 16);

        long terminatedAt = System.nanoTime();
        first.terminate();
        Integer exit = first.awaitExit(LIFECYCLE_TIMEOUT.plus(REQUEST_TIMEOUT).plusSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - terminatedAt);
        assertThat(exit).as("exited (after " + took.toMillis() + " ms)").isNotNull();
        assertThat(took).isLessThan(LIFECYCLE_TIMEOUT.plus(REQUEST_TIMEOUT));

        int sentByFirst = receiver.received("/shutdown").size();
        assertThat(count("SELECT count(*) FROM delivery_attempt"))
                .as("every attempt made was recorded")
                .isEqualTo(sentByFirst);
        assertThat(count("SELECT count(*) FROM delivery WHERE status = 'SUCCEEDED'"))
                .isEqualTo(sentByFirst);
        assertThat(
                        count(
                                "SELECT count(*) FROM delivery WHERE status = 'PENDING' AND lease_token IS NULL AND next_attempt_at <= now()"))
                .as("released at once, due now")
                .isEqualTo(EVENTS - sentByFirst);
        assertThat(first.log()).doesNotContain("after their lease");

        receiver.answerOk("/shutdown");
        second = secondReplica();
        // The test's frozen clock is no bean of an application started outside the Spring test framework
        // (spring-boot-test's ExcludeFilterApplicationContextInitializer keeps @TestConfiguration classes
        // out of the scan): the second replica keeps the database's time, as the first did.
        assertThat(second.getBean(Clock.class)).isInstanceOf(DatabaseClock.class);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT count(*) FROM delivery WHERE status = 'SUCCEEDED'") == EVENTS);
        List<LoggedRequest> requests = receiver.received("/shutdown");
        Map<String, Long> perEvent = requests.stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("X-HeadshotPro-Event-Id"), Collectors.counting()));
        assertThat(perEvent).hasSize(EVENTS);
        assertThat(perEvent.values()).as("no event sent twice").containsOnly(1L);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
