package com.headshotpro.webhooks.resilience;

import static com.headshotpro.webhooks.support.ServiceClient.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.support.HostileReceiver;
import com.headshotpro.webhooks.support.HostileReceiver.Behaviour;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.ServiceClient;
import com.headshotpro.webhooks.support.ServiceProcess;
import com.headshotpro.webhooks.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One organization whose 101 endpoints are all hostile (one raw TCP receiver per way of breaking HTTP,
 * the webhook and 100 Zapier subscriptions spread over them), against the service in its own JVM with a
 * 256 MB heap, as the Dockerfile runs it. While the hostile organization's deliveries run, another
 * organization's events keep arriving at its real receiver. Afterwards the service is alive, and every
 * hostile delivery ended failed with each attempt recorded and its error in clean words.
 */
class HostileReceiversIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(HostileReceiversIntegrationTests.class);
    /**
     * The test profile's timeout: the hanging receivers hold each attempt this long, so it sets how long
     * the hostile deliveries take, and it bounds a healthy delivery's wait.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    static final TestDatabases.Database database = TestDatabases.migrated();
    static final Map<Behaviour, HostileReceiver> hostile = new EnumMap<>(Behaviour.class);
    static final Receiver healthy = new Receiver();
    static ServiceProcess service;
    static ServiceClient api;

    @BeforeAll
    static void startServiceAndReceivers() throws Exception {
        for (Behaviour behaviour : Behaviour.values()) {
            hostile.put(behaviour, new HostileReceiver(behaviour));
        }
        service = ServiceProcess.on(database)
                .jvm("-Xmx256m")
                .property("hooks.delivery.request-timeout", REQUEST_TIMEOUT.toMillis() + "ms")
                .property("hooks.delivery.lease", "10s")
                .property("hooks.delivery.retry-delays", "0s")
                .start();
        api = new ServiceClient(service.baseUrl());
    }

    @AfterAll
    static void stopEverything() {
        if (service != null) {
            service.close();
        }
        hostile.values().forEach(HostileReceiver::close);
        healthy.close();
    }

    private static String receiverFor(int n) {
        Behaviour[] behaviours = Behaviour.values();
        return hostile.get(behaviours[n % behaviours.length]).url("/endpoint-" + n);
    }

    @Test
    void hostileReceiversCannotCrashTheServiceWedgeADeliveryOrStarveAnotherOrganization() throws Exception {
        api.organization("hostile");
        api.webhook("hostile", receiverFor(0));
        String key = api.apiKey("hostile");
        for (int n = 1; n <= 100; n++) {
            expect(api.subscribe(key, receiverFor(n), "model.created"), 201);
        }
        ServiceClient.Answer overLimit = api.subscribe(key, receiverFor(101), "model.created");
        assertThat(overLimit.status()).as("the 101st subscription").isEqualTo(409);
        assertThat(overLimit.response().headers().firstValue("Content-Type")).contains("application/problem+json");

        api.organization("healthy");
        healthy.answerOk("/healthy");
        api.webhook("healthy", healthy.url("/healthy"));

        for (int m = 0; m < 3; m++) {
            expect(api.createModel("hostile", "hostile-" + m), 201);
        }
        // The hostile organization's 303 deliveries are now being attempted, 32 at a time.
        List<Instant> sent = new ArrayList<>();
        for (int m = 0; m < 40; m++) {
            sent.add(Instant.now());
            expect(api.createModel("healthy", "healthy-" + m), 201);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        List<LoggedRequest> received =
                await().atMost(Duration.ofSeconds(30)).until(() -> healthy.received("/healthy"), r -> r.size() >= 40);
        List<Long> latencies = new ArrayList<>();
        for (int m = 0; m < 40; m++) {
            String id = "healthy-" + m;
            Instant arrived = received.stream()
                    .filter(r -> r.getBodyAsString().contains("\"" + id + "\""))
                    .findFirst()
                    .orElseThrow()
                    .getLoggedDate()
                    .toInstant();
            latencies.add(Duration.between(sent.get(m), arrived).toMillis());
        }
        latencies.sort(Long::compare);
        log.info(
                "Healthy organization beside 101 hostile endpoints: p50 {} ms, max {} ms",
                latencies.get(20),
                latencies.getLast());
        assertThat(latencies.getLast())
                .as("no healthy delivery waits on the hostile organization's hanging requests")
                .isLessThan(REQUEST_TIMEOUT.toMillis());

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        count("SELECT count(*) FROM delivery WHERE organization_id = 'hostile' AND status = 'FAILED'")
                                == 303);
        assertThat(count("""
                        SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = 'hostile'""")).as("two attempts each, every one recorded").isEqualTo(606);
        Map<Behaviour, String> expectedErrors = Map.of(
                Behaviour.ENDLESS_HEADER_LINE, "response headers too large",
                Behaviour.ENDLESS_HEADERS, "response headers too large",
                Behaviour.TRICKLE, "timeout after " + REQUEST_TIMEOUT.toMillis() + " ms",
                Behaviour.SILENT, "timeout after " + REQUEST_TIMEOUT.toMillis() + " ms",
                Behaviour.NUL_IN_STATUS_LINE, "protocol error",
                Behaviour.HUGE_TRAILERS, "response headers too large",
                Behaviour.MANY_INTERIM_RESPONSES, "response headers too large");
        for (var expected : expectedErrors.entrySet()) {
            String port = hostile.get(expected.getKey()).url("").replaceAll(".*:(\\d+)$", "$1");
            assertThat(strings("""
                            SELECT DISTINCT a.error FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                              JOIN endpoint e ON e.id = d.endpoint_id
                             WHERE d.organization_id = 'hostile' AND e.url LIKE '%:""" + port + "/%'"))
                    .as(expected.getKey().name())
                    .singleElement()
                    .satisfies(error -> assertThat(error).startsWith(expected.getValue()));
        }
        assertThat(strings("""
                        SELECT DISTINCT a.status_code::text FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = 'hostile' AND a.status_code IS NOT NULL""")).containsOnly("500");

        assertThat(service.isAlive()).isTrue();
        assertThat(service.status("/actuator/health/liveness")).isEqualTo(200);
        assertThat(service.log()).doesNotContain("OutOfMemoryError");
        log.info("Peak resident memory of the service: {} MiB", service.peakResidentMebibytes());
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
