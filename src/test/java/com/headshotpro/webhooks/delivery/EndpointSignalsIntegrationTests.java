package com.headshotpro.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.LimitsIntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.SettableClock;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The receiver signals of section 12 per endpoint, with the webhook of the same organization beside it
 * answering 200: Retry-After, 410 Gone and the auto-disabling hold for the endpoint that sent them, keyed on
 * its id, and leave the webhook alone; the delivery log filters by endpoint. The ladder is {@code 0s,1m},
 * time steered on the clock.
 */
@LimitsIntegrationTest
class EndpointSignalsIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = new Fixture("/endpoint-signals/");

    static final Receiver receiver = fixture.receiver();

    @Autowired
    SettableClock clock;

    @Autowired
    EndpointHealthJob health;

    String org;
    String path;
    String endpoint;
    String webhook;

    @BeforeEach
    void webhookAndAnEndpoint() throws Exception {
        org = fixture.org();
        fixture.withWebhook();
        path = fixture.path() + "/endpoint";
        endpoint = JsonPath.read(
                Api.createEndpoint(fixture.mvc(), org, "{\"url\":\"" + receiver.url(path) + "\"}"), "$.id");
        webhook = JsonPath.read(
                fixture.lead(get("/api/v1/endpoints")).andReturn().getResponse().getContentAsString(), "$.items[0].id");
    }

    /** Status, attempt count, due time and last error of the delivery of the one model.created event to {@code id}. */
    private Map<String, Object> deliveryTo(String id) {
        return fixture.jdbc().sql("""
                        SELECT status, attempt_count, next_attempt_at, last_error FROM delivery
                         WHERE organization_id = ? AND endpoint_id = ?::uuid AND event_type = 'model.created'
                        """).params(org, id).query().singleRow();
    }

    private Map<String, Object> awaitDeliveryTo(String id, String status) {
        return await().atMost(Fixture.PATIENCE)
                .until(() -> deliveryTo(id), d -> d.get("status").equals(status));
    }

    private boolean disabled(String id) {
        return fixture.jdbc()
                .sql("SELECT disabled_at IS NOT NULL FROM endpoint WHERE id = ?::uuid")
                .param(id)
                .query(Boolean.class)
                .single();
    }

    @Test
    void a410FromAnEndpointDisablesItWhileTheWebhookGoesOn() throws Exception {
        receiver.answer(path, aResponse().withStatus(410));
        Models.create(fixture.mvc(), org, "gone-" + org).andExpect(status().isCreated());
        assertThat(awaitDeliveryTo(endpoint, "CANCELLED"))
                .as("no retry after a 410")
                .containsEntry("attempt_count", 0)
                .containsEntry("last_error", "endpoint disabled");
        assertThat(awaitDeliveryTo(webhook, "SUCCEEDED")).containsEntry("attempt_count", 1);
        assertThat(receiver.received(path)).hasSize(1);
        assertThat(disabled(endpoint)).isTrue();
        assertThat(disabled(webhook)).isFalse();
        fixture.lead(get("/api/v1/endpoints/{id}", endpoint))
                .andExpect(jsonPath("$.enabled").value(false))
                .andExpect(jsonPath("$.disabled.reason").value("The endpoint answered 410 Gone."));

        Models.create(fixture.mvc(), org, "after-" + org).andExpect(status().isCreated());
        fixture.awaitReceived(2);
        assertThat(receiver.received(path))
                .as("nothing more to the disabled endpoint")
                .hasSize(1);

        receiver.answerOk(path);
        fixture.lead(patch("/api/v1/endpoints/{id}", endpoint)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"enabled\":true}"))
                .andExpect(status().isOk());
        Models.create(fixture.mvc(), org, "back-" + org).andExpect(status().isCreated());
        fixture.awaitReceived(path, 2);
    }

    @Test
    void retryAfterFromAnEndpointDelaysOnlyItsOwnDelivery() throws Exception {
        receiver.answerFirst(path, aResponse().withStatus(429).withHeader("Retry-After", "120"));
        Instant before = clock.instant();
        Models.create(fixture.mvc(), org, "ra-" + org).andExpect(status().isCreated());
        Map<String, Object> waiting = await().atMost(Fixture.PATIENCE)
                .until(() -> deliveryTo(endpoint), d -> (Integer) d.get("attempt_count") >= 1);
        assertThat(waiting).containsEntry("status", "PENDING");
        assertThat(((java.sql.Timestamp) waiting.get("next_attempt_at")).toInstant())
                .isBetween(before.plusSeconds(120), clock.instant().plusSeconds(121));
        assertThat(awaitDeliveryTo(webhook, "SUCCEEDED")).containsEntry("attempt_count", 1);

        clock.advance(Duration.ofSeconds(121));
        awaitDeliveryTo(endpoint, "SUCCEEDED");
        assertThat(receiver.received(path)).hasSize((Integer) waiting.get("attempt_count") + 1);
    }

    @Test
    void anEndpointWithoutSuccessForDisableAfterIsDisabledAloneAndEnabledAgainByAPatch() throws Exception {
        receiver.answer(path, aResponse().withStatus(500));
        Models.create(fixture.mvc(), org, "dead-" + org).andExpect(status().isCreated());
        fixture.awaitReceived(path, 2);
        clock.set(fixture.awaitNextAttemptAt()); // the ladder's minute, from when the second attempt ended
        awaitDeliveryTo(endpoint, "FAILED");
        clock.advance(Duration.ofHours(1));
        Models.create(fixture.mvc(), org, "alive-" + org).andExpect(status().isCreated()); // the webhook succeeds
        fixture.awaitReceived(2);
        fixture.awaitReceived(path, 5);
        assertThat(health.disableDeadEndpoints())
                .as("this endpoint, at least (the job sees every organization's)")
                .isPositive();
        assertThat(disabled(endpoint)).isTrue();
        assertThat(disabled(webhook)).isFalse();
        fixture.lead(get("/api/v1/endpoints/{id}", endpoint))
                .andExpect(jsonPath("$.disabled.reason").value(startsWith("No delivery succeeded for 1 hour")));

        receiver.answerOk(path);
        fixture.lead(patch("/api/v1/endpoints/{id}", endpoint)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"enabled\":true}"))
                .andExpect(jsonPath("$.enabled").value(true));
        Models.create(fixture.mvc(), org, "again-" + org).andExpect(status().isCreated());
        fixture.awaitReceived(path, 6);
        clock.advance(Duration.ofHours(2));
        assertThat(health.disableDeadEndpoints())
                .as("its failures were forgotten when it was disabled, and it succeeded since")
                .isZero();
    }

    @Test
    void theDeliveryLogFiltersByEndpoint() throws Exception {
        Models.create(fixture.mvc(), org, "log-" + org).andExpect(status().isCreated());
        fixture.awaitSettled();
        fixture.lead(get("/api/v1/webhooks/deliveries").param("endpoint", endpoint))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].endpoint.id").value(endpoint))
                .andExpect(jsonPath("$.items[0].endpoint.kind").value("endpoint"));
        fixture.lead(get("/api/v1/webhooks/deliveries").param("endpoint", webhook))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].endpoint.kind").value("webhook"));
        fixture.lead(get("/api/v1/webhooks/deliveries"))
                .andExpect(jsonPath("$.items.length()").value(2));
        fixture.lead(get("/api/v1/webhooks/deliveries").param("endpoint", "not-an-id"))
                .andExpect(status().isBadRequest());
    }
}
