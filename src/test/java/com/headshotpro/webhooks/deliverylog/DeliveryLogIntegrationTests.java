package com.headshotpro.webhooks.deliverylog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class DeliveryLogIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = Fixture.withSavedWebhook("/log/");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void listsDeliveriesNewestFirstWithFiltersAndCursorPaging() throws Exception {
        for (int i = 1; i <= 5; i++) {
            Models.create(mvc, fixture.org(), "m" + i + "-" + fixture.org()).andExpect(status().isCreated());
        }
        Models.internal(mvc, post("/internal/v1/models/m1-" + fixture.org() + "/photos-ready"))
                .andExpect(status().isOk());
        fixture.awaitSettled();

        List<String> models = new ArrayList<>();
        String cursor = null;
        do {
            var request = get("/api/v1/webhooks/deliveries")
                    .param("event", "model.created")
                    .param("limit", "2");
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            String body = fixture.lead(request)
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            List<Integer> ids = JsonPath.read(body, "$.items[*].id");
            assertThat(ids).isSortedAccordingTo((a, b) -> b - a);
            for (Object eventId : JsonPath.<List<Object>>read(body, "$.items[*].eventId")) {
                models.add(JsonPath.read(
                        jdbc.sql("SELECT payload FROM event WHERE id = ?::uuid")
                                .param(eventId.toString().substring(4))
                                .query(String.class)
                                .single(),
                        "$.object._id"));
            }
            cursor = JsonPath.read(body, "$.nextCursor");
        } while (cursor != null);
        assertThat(models)
                .containsExactly(
                        "m5-" + fixture.org(),
                        "m4-" + fixture.org(),
                        "m3-" + fixture.org(),
                        "m2-" + fixture.org(),
                        "m1-" + fixture.org());

        fixture.lead(get("/api/v1/webhooks/deliveries").param("status", "succeeded"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(6))
                .andExpect(jsonPath("$.items[0].event").value("model.photos_ready"))
                .andExpect(jsonPath("$.items[0].status").value("succeeded"))
                .andExpect(jsonPath("$.items[0].attemptCount").value(1))
                .andExpect(jsonPath("$.items[0].nextAttemptAt").isEmpty())
                .andExpect(jsonPath("$.items[0].endpoint.kind").value("webhook"))
                .andExpect(jsonPath("$.items[0].endpoint.url")
                        .value(fixture.receiver().url(fixture.path())))
                .andExpect(jsonPath("$.nextCursor").isEmpty());
        fixture.lead(get("/api/v1/webhooks/deliveries").param("status", "failed"))
                .andExpect(jsonPath("$.items.length()").value(0));
        fixture.lead(get("/api/v1/webhooks/deliveries").param("status", "bogus"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"));
        fixture.lead(get("/api/v1/webhooks/deliveries").param("limit", "101")).andExpect(status().isBadRequest());
        fixture.lead(get("/api/v1/webhooks/deliveries").param("cursor", "garbage"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void showsEveryAttemptAndRedeliversOnceOnRequest() throws Exception {
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(500).withBody("x".repeat(10_000)));
        Models.create(mvc, fixture.org(), "f-" + fixture.org()).andExpect(status().isCreated());
        fixture.climbLadder(() -> fixture.deliveries("FAILED") == 1);
        long id = jdbc.sql("SELECT id FROM delivery WHERE organization_id = ?")
                .param(fixture.org())
                .query(Long.class)
                .single();

        String detail = fixture.lead(get("/api/v1/webhooks/deliveries/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.attemptCount").value(5))
                .andExpect(jsonPath("$.attempts.length()").value(5))
                .andExpect(jsonPath("$.attempts[0].number").value(1))
                .andExpect(jsonPath("$.attempts[0].statusCode").value(500))
                .andExpect(jsonPath("$.attempts[0].error").isEmpty())
                .andExpect(jsonPath("$.attempts[0].durationMs").isNumber())
                .andExpect(jsonPath("$.attempts[0].at").isNotEmpty())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat((String) JsonPath.read(detail, "$.attempts[0].response")).hasSize(8 * 1024);
        assertThat(detail).doesNotContain(fixture.secret());

        fixture.receiver().answerOk(fixture.path());
        fixture.lead(post("/api/v1/webhooks/deliveries/" + id + "/redeliver")).andExpect(status().isAccepted());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.receiver().received(fixture.path()).size() == 6);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> fixture.lead(get("/api/v1/webhooks/deliveries/" + id))
                        .andExpect(jsonPath("$.status").value("succeeded"))
                        .andExpect(jsonPath("$.attempts.length()").value(6))
                        .andExpect(jsonPath("$.attempts[5].statusCode").value(200)));
    }

    @Test
    void anotherOrganizationsDeliveriesDoNotExist() throws Exception {
        Models.create(mvc, fixture.org(), "o-" + fixture.org()).andExpect(status().isCreated());
        fixture.awaitSettled();
        long id = jdbc.sql("SELECT id FROM delivery WHERE organization_id = ?")
                .param(fixture.org())
                .query(Long.class)
                .single();
        String other = Api.organization(mvc, true);
        for (var request : List.of(
                get("/api/v1/webhooks/deliveries/" + id), post("/api/v1/webhooks/deliveries/" + id + "/redeliver"))) {
            mvc.perform(request.header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other))))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentType("application/problem+json"));
        }
        mvc.perform(get("/api/v1/webhooks/deliveries")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other))))
                .andExpect(jsonPath("$.items.length()").value(0));
        mvc.perform(get("/api/v1/webhooks/deliveries")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.user(fixture.org(), "Member"))))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/webhooks/deliveries")).andExpect(status().isUnauthorized());
        assertThat(fixture.receiver().received(fixture.path())).hasSize(1);
    }

    @Test
    void aTestEventIsSignedAndShapedLikeTheOthers() throws Exception {
        String body = fixture.lead(post("/api/v1/webhooks/test"))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String eventId = JsonPath.read(body, "$.eventId");
        var received = await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.receiver().received(fixture.path()), r -> !r.isEmpty())
                .getFirst();
        assertThat(Receiver.signatureValid(received, fixture.secret())).isTrue();
        assertThat(received.getHeader("X-HeadshotPro-Event")).isEqualTo("webhook.test");
        assertThat(received.getHeader("X-HeadshotPro-Event-Id")).isEqualTo(eventId);
        String payload = received.getBodyAsString();
        assertThat(payload)
                .matches("\\{\"id\":\"" + eventId
                        + "\",\"event\":\"webhook.test\",\"createdAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\","
                        + "\"objectType\":\"webhook\",\"object\":\\{\"organization\":\"" + fixture.org()
                        + "\",\"url\":\""
                        + fixture.receiver().url(fixture.path()) + "\"}}");

        fixture.lead(delete("/api/v1/settings/webhook")).andExpect(status().isNoContent());
        fixture.lead(post("/api/v1/webhooks/test")).andExpect(status().isNotFound());
    }
}
