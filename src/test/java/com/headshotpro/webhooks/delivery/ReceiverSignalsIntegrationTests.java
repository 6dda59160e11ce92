package com.headshotpro.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.LimitsIntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.SettableClock;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What a receiver may answer, and what the service then does, through a real HTTP receiver (WireMock)
 * with the ladder {@code 0s,1m}: Retry-After, 410 Gone, and the auto-disabling of a dead endpoint.
 * Time is steered (a settable clock moved forward) instead of waited out.
 */
@LimitsIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ReceiverSignalsIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = Fixture.withSavedWebhook("/signals/");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettableClock clock;

    @Autowired
    EndpointHealthJob health;

    /** The receiver answers {@code first}, then 200 from the second request on. */
    private void firstAnswer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
        fixture.receiver().answerFirst(fixture.path(), first);
    }

    private Map<String, Object> delivery(String modelId) {
        return jdbc.sql("""
                        SELECT d.id, d.status, d.attempt_count, d.next_attempt_at, d.last_error
                          FROM delivery d JOIN event ev ON ev.id = d.event_id
                         WHERE d.organization_id = ? AND ev.payload LIKE ?
                        """)
                .params(fixture.org(), "%\"" + modelId + "\"%")
                .query()
                .singleRow();
    }

    private Map<String, Object> awaitAttempts(String modelId, int attempts) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> delivery(modelId),
                        d -> ((Integer) d.get("attempt_count")) >= attempts
                                && !(d.get("status").equals("PENDING") && at(d).isBefore(clock.instant())));
    }

    private static Instant at(Map<String, Object> delivery) {
        return ((java.sql.Timestamp) delivery.get("next_attempt_at")).toInstant();
    }

    @Test
    void retryAfterInSecondsReplacesTheLaddersNextDelayAndShowsInTheLog() throws Exception {
        firstAnswer(aResponse().withStatus(429).withHeader("Retry-After", "120"));
        Instant before = clock.instant();
        Models.create(mvc, fixture.org(), "ra-" + fixture.org()).andExpect(status().isCreated());
        Map<String, Object> waiting = awaitAttempts("ra-" + fixture.org(), 1);
        assertThat(waiting).containsEntry("status", "PENDING").containsEntry("attempt_count", 1);
        assertThat(at(waiting))
                .as("120 s after the 429, not the ladder's immediate retry")
                .isBetween(before.plusSeconds(120), clock.instant().plusSeconds(121));
        assertThat(fixture.receiver().received(fixture.path())).hasSize(1);
        String log = fixture.lead(get("/api/v1/webhooks/deliveries/{id}", waiting.get("id")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(Instant.parse(JsonPath.read(log, "$.nextAttemptAt"))).isEqualTo(at(waiting));

        clock.advance(Duration.ofSeconds(121));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> delivery("ra-" + fixture.org()).get("status").equals("SUCCEEDED"));
        assertThat(fixture.receiver().received(fixture.path())).hasSize(2);
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredAndAHugeOneIsCappedAtAnHour() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.instant().plusSeconds(600).atOffset(ZoneOffset.UTC));
        firstAnswer(aResponse().withStatus(503).withHeader("Retry-After", date));
        Instant before = clock.instant();
        Models.create(mvc, fixture.org(), "date-" + fixture.org()).andExpect(status().isCreated());
        Map<String, Object> dated = awaitAttempts("date-" + fixture.org(), 1);
        assertThat(at(dated)).isBetween(before.plusSeconds(598), before.plusSeconds(602));

        String huge = "/signals-huge/" + fixture.org();
        fixture.receiver().answer(huge, aResponse().withStatus(429).withHeader("Retry-After", "99999999"));
        Api.saveWebhook(mvc, fixture.org(), fixture.receiver().url(huge));
        Instant hugeBefore = clock.instant();
        Models.create(mvc, fixture.org(), "huge-" + fixture.org()).andExpect(status().isCreated());
        Map<String, Object> capped = awaitAttempts("huge-" + fixture.org(), 1);
        assertThat(at(capped))
                .isBetween(hugeBefore.plusSeconds(3600), clock.instant().plusSeconds(3601));
    }

    @Test
    void a410FromTheWebhookFailsThatDeliveryAtOnce() throws Exception {
        firstAnswer(aResponse().withStatus(410));
        Models.create(mvc, fixture.org(), "gone-" + fixture.org()).andExpect(status().isCreated());
        Map<String, Object> gone = awaitAttempts("gone-" + fixture.org(), 1);
        assertThat(gone)
                .containsEntry("status", "FAILED")
                .containsEntry("attempt_count", 1)
                .containsEntry("last_error", "HTTP 410 Gone");
        Models.create(mvc, fixture.org(), "after-" + fixture.org()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> delivery("after-" + fixture.org()).get("status").equals("SUCCEEDED"));
    }

    @Test
    void a410FromAZapierTargetRemovesTheSubscriptionAndCancelsWhatWasLeft() throws Exception {
        String key = JsonPath.read(
                fixture.lead(post("/api/v1/settings/api-key"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
        String target = "/signals-zapier/" + fixture.org();
        fixture.receiver().answer(target, aResponse().withStatus(410));
        String subscription = JsonPath.read(
                mvc.perform(post("/zapier/v1/hooks")
                                .header("X-API-Key", key)
                                .contentType("application/json")
                                .content("{\"targetUrl\":\""
                                        + fixture.receiver().url(target) + "\",\"event\":\"model.created\"}"))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.id");
        Models.create(mvc, fixture.org(), "z1-" + fixture.org()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT deleted_at IS NOT NULL FROM endpoint WHERE id = ?::uuid")
                        .param(subscription)
                        .query(Boolean.class)
                        .single());
        Models.create(mvc, fixture.org(), "z2-" + fixture.org()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.receiver().received(fixture.path()).size() >= 2);
        assertThat(fixture.receiver().received(target))
                .as("nothing more is sent to it")
                .hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM delivery WHERE endpoint_id = ?::uuid AND status = 'PENDING'")
                        .param(subscription)
                        .query(Long.class)
                        .single())
                .isZero();
        mvc.perform(delete("/zapier/v1/hooks/{id}", subscription).header("X-API-Key", key))
                .andExpect(status().isNotFound());
    }

    @Test
    void anEndpointWithoutSuccessForDisableAfterIsDisabledUntilItsUrlIsSaved(CapturedOutput output) throws Exception {
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(500));
        Models.create(mvc, fixture.org(), "dead-" + fixture.org()).andExpect(status().isCreated());
        awaitAttempts("dead-" + fixture.org(), 2);
        clock.set(fixture.awaitNextAttemptAt()); // the ladder's minute, from when the second attempt ended
        assertThat(awaitAttempts("dead-" + fixture.org(), 3)).containsEntry("status", "FAILED");
        assertThat(health.disableDeadEndpoints())
                .as("not failing for an hour yet")
                .isZero();

        clock.advance(Duration.ofHours(1));
        Models.create(mvc, fixture.org(), "waiting-" + fixture.org()).andExpect(status().isCreated());
        awaitAttempts("waiting-" + fixture.org(), 2); // failed twice, the next attempt a minute away
        assertThat(health.disableDeadEndpoints()).isEqualTo(1);
        assertThat(delivery("waiting-" + fixture.org()))
                .containsEntry("status", "CANCELLED")
                .containsEntry("last_error", "endpoint disabled");
        fixture.lead(get("/api/v1/settings"))
                .andExpect(jsonPath("$.webhook.disabled.at").isString())
                .andExpect(jsonPath("$.webhook.disabled.reason").value(startsWith("No delivery succeeded for 1 hour")));
        fixture.lead(get("/api/v1/webhooks/deliveries"))
                .andExpect(jsonPath("$.items[0].endpoint.disabledAt").isString());
        assertThat(output.getAll())
                .containsPattern("WARN.*Endpoint disabled: organization=" + fixture.org() + " kind=webhook");
        assertThat(mvc.perform(get("/actuator/prometheus"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .containsPattern("hooks_endpoints_disabled_total\\{[^}]*\\} [1-9]");

        int before = fixture.receiver().received(fixture.path()).size();
        Models.create(mvc, fixture.org(), "ignored-" + fixture.org()).andExpect(status().isCreated());
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM delivery d JOIN event ev ON ev.id = d.event_id WHERE ev.payload LIKE ?")
                        .param("%ignored-" + fixture.org() + "%")
                        .query(Long.class)
                        .single())
                .as("no new deliveries to a disabled endpoint")
                .isZero();
        assertThat(fixture.receiver().received(fixture.path())).hasSize(before);

        fixture.receiver().answerOk(fixture.path());
        Api.saveWebhook(mvc, fixture.org(), fixture.receiver().url(fixture.path())); // the same URL, saved again
        fixture.lead(get("/api/v1/settings"))
                .andExpect(jsonPath("$.webhook.disabled").isEmpty());
        Models.create(mvc, fixture.org(), "alive-" + fixture.org()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> delivery("alive-" + fixture.org()).get("status").equals("SUCCEEDED"));
        clock.advance(Duration.ofHours(2));
        assertThat(health.disableDeadEndpoints())
                .as("a success since: not dead")
                .isZero();
    }
}
