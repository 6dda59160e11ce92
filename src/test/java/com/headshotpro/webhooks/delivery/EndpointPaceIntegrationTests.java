package com.headshotpro.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.Models.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.WebhooksApplication;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.TestClockConfiguration;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

/**
 * An endpoint's pace (SPEC section 15) with two sending replicas on one database: this test's context and
 * a second application beside it, their frozen clocks moved together a second at a time. What a receiver
 * was sent in each second is read from the signed timestamp of its requests (the sending replica's clock).
 */
@IntegrationTest
class EndpointPaceIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = new Fixture("/pace/");

    static final Receiver receiver = fixture.receiver();

    static ConfigurableApplicationContext secondReplica;

    @Autowired
    SettableClock clock;

    @Autowired
    DeliveryDispatcher dispatcher;

    @Autowired
    DeliveryMetrics metrics;

    @Autowired
    MeterRegistry registry;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @BeforeEach
    void secondReplicaOnTheSameClock() {
        if (secondReplica == null) {
            secondReplica = new SpringApplicationBuilder(WebhooksApplication.class, TestClockConfiguration.class)
                    .profiles("test")
                    .run("--server.port=0", "--spring.datasource.url=" + databaseUrl);
        }
        Instant start =
                clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).plusMillis(100);
        clock.set(start);
        secondReplica.getBean(SettableClock.class).set(start);
    }

    @AfterAll
    static void stopSecondReplica() {
        if (secondReplica != null) {
            secondReplica.close();
        }
    }

    /**
     * Moves both replicas' clocks a second on, and has both look for what the new second lets them send at
     * once rather than at the end of their poll interval.
     */
    private void nextSecond() {
        clock.advance(Duration.ofSeconds(1));
        secondReplica.getBean(SettableClock.class).advance(Duration.ofSeconds(1));
        dispatcher.wake();
        secondReplica.getBean(DeliveryDispatcher.class).wake();
    }

    /** Makes {@code count} models of the organization in one batch: an event each, all at once. */
    private void burst(int count) throws Exception {
        String models = IntStream.range(0, count)
                .mapToObj(i -> """
                        {"organization": "%s", "uid": "u", "title": "Shoot %d", "trigger": "api", "status": "pending"}""".formatted(fixture.org(), i))
                .collect(Collectors.joining(","));
        internal(
                        fixture.mvc(),
                        post("/internal/v1/models/batch")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"models\": [" + models + "]}"))
                .andExpect(status().isCreated());
    }

    private static Map<Long, Long> perSecond(Collection<LoggedRequest> requests) {
        return requests.stream()
                .collect(Collectors.groupingBy(
                        r -> Long.parseLong(r.getHeader("X-HeadshotPro-Timestamp")),
                        TreeMap::new,
                        Collectors.counting()));
    }

    private Object currentPerSecond(String id) throws Exception {
        return JsonPath.read(
                fixture.lead(get("/api/v1/endpoints/{id}", id))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.currentPerSecond");
    }

    private void awaitPace(String id, int pace) {
        await().atMost(Fixture.PATIENCE).until(() -> currentPerSecond(id), Integer.valueOf(pace)::equals);
    }

    @Test
    void anEndpointIsSentNoMoreThanItsPaceInAnySecondAcrossReplicasWhileTheOtherGetsItsBurstAtOnce() throws Exception {
        String paced = fixture.withEndpoint("paced", "\"maxPerSecond\":5").path();
        String free = fixture.withEndpoint("free", "").path();

        burst(100);

        assertThat(fixture.awaitReceived(free, 100))
                .as("all of the other endpoint's, within the first second")
                .allMatch(r -> r.getHeader("X-HeadshotPro-Timestamp")
                        .equals(Long.toString(clock.instant().getEpochSecond())));
        for (int second = 1; second <= 20; second++) {
            fixture.awaitReceived(paced, 5 * second);
            if (second < 20) {
                nextSecond();
            }
        }
        fixture.awaitSettled();

        List<LoggedRequest> received = receiver.received(paced);
        assertThat(received).hasSize(100);
        assertThat(received.stream()
                        .map(r -> JsonPath.<String>read(r.getBodyAsString(), "$.id"))
                        .distinct())
                .as("each event once")
                .hasSize(100);
        Map<Long, Long> seconds = perSecond(received);
        assertThat(seconds)
                .as("20 seconds of 5, never more")
                .hasSize(20)
                .allSatisfy((s, n) -> assertThat(n).isEqualTo(5));
        assertThat(fixture.count(
                        "SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'SUCCEEDED'"
                                + " AND attempt_count = 1",
                        fixture.org()))
                .as("nothing failed for waiting its turn")
                .isEqualTo(200);
    }

    @Test
    void aReceiverThatAnswers429WithoutRetryAfterSeesThePaceHalveAndClimbBack() throws Exception {
        Fixture.Registered struggling = fixture.withEndpoint("struggling", "\"maxPerSecond\":8");
        String id = struggling.id();
        String path = struggling.path();
        receiver.answerFirst(path, aResponse().withStatus(429));
        assertThat(currentPerSecond(id)).isEqualTo(8);

        burst(1);
        fixture.awaitReceived(path, 1);
        awaitPace(id, 4);
        metrics.refreshBacklog();
        assertThat(registry.get("hooks.endpoints.pace")
                        .tag("endpoint", id)
                        .gauge()
                        .value())
                .isEqualTo(4.0);

        nextSecond();
        fixture.awaitReceived(path, 2); // the attempt after the 429, due at once, in its turn: 200
        awaitPace(id, 5);
        for (int pace = 6; pace <= 8; pace++) {
            nextSecond();
            burst(1);
            fixture.awaitReceived(path, pace - 3);
            awaitPace(id, pace);
        }
        assertThat(fixture.count(
                        "SELECT count(*) FROM endpoint_pace WHERE endpoint_id = ?::uuid AND current_per_second IS NULL",
                        id))
                .as("back at its maximum, slowed no more")
                .isOne();
        metrics.refreshBacklog();
        assertThat(registry.find("hooks.endpoints.pace").tag("endpoint", id).gauge())
                .as("no longer slowed")
                .isNull();
    }
}
