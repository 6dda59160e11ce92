package com.headshotpro.webhooks.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.LimitsIntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The endpoints API of section 15 on real Postgres with real receivers: the list of every kind, an
 * endpoint made, read, changed, given a new secret, sent a test event and removed; refusals as problems
 * that change nothing; the cap; another organization's endpoint unknown.
 */
@LimitsIntegrationTest
class EndpointsApiIntegrationTests {

    private static final String PROBLEM = "application/problem+json";

    @RegisterExtension
    static final Fixture fixture = new Fixture("/endpoints-api/");

    static final Receiver receiver = fixture.receiver();

    private ResultActions lead(MockHttpServletRequestBuilder request) throws Exception {
        return fixture.lead(request);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private String create(String body) throws Exception {
        return Api.createEndpoint(fixture.mvc(), fixture.org(), body);
    }

    /** Rows of this organization's endpoints of kind ENDPOINT, removed ones included. */
    private long endpointRows() {
        return fixture.count(
                "SELECT count(*) FROM endpoint WHERE organization_id = ? AND kind = 'ENDPOINT'", fixture.org());
    }

    @Test
    void anEndpointIsMadeWithItsSecretShownOnceAndListedBetweenTheWebhookAndTheZapierSubscriptions() throws Exception {
        fixture.withWebhook();
        String key = JsonPath.read(
                lead(post("/api/v1/settings/api-key")).andReturn().getResponse().getContentAsString(), "$.apiKey");
        fixture.mvc()
                .perform(post("/zapier/v1/hooks")
                        .header("X-API-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"targetUrl\":\"" + receiver.url("/endpoints-api-zap/" + fixture.org())
                                + "\",\"event\":\"model.deleted\"}"))
                .andExpect(status().isCreated());

        String url = receiver.url(fixture.path() + "/slack");
        String body = lead(json(post("/api/v1/endpoints"), """
                        {"url": "%s", "description": "Slack bot",
                         "eventTypes": ["model.photos_ready", "model.created", "model.photos_ready"],
                         "maxPerSecond": 5}
                        """.formatted(url)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("endpoint"))
                .andExpect(jsonPath("$.url").value(url))
                .andExpect(jsonPath("$.description").value("Slack bot"))
                .andExpect(jsonPath("$.eventTypes").value(contains("model.photos_ready", "model.created")))
                .andExpect(jsonPath("$.maxPerSecond").value(5))
                .andExpect(jsonPath("$.currentPerSecond").value(5))
                .andExpect(jsonPath("$.enabled").value(true))
                .andExpect(jsonPath("$.disabled").isEmpty())
                .andExpect(jsonPath("$.secret.exists").value(true))
                .andExpect(jsonPath("$.secret.createdAt").isString())
                .andExpect(jsonPath("$.createdAt").isString())
                .andExpect(jsonPath("$.newSecret").value(matchesPattern("[0-9a-f]{64}")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");
        String secret = JsonPath.read(body, "$.newSecret");
        byte[] stored = fixture.jdbc()
                .sql("SELECT secret_ciphertext FROM endpoint WHERE id = ?::uuid")
                .param(id)
                .query(byte[].class)
                .single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .as("sealed at rest")
                .doesNotContain(secret);

        String list = lead(get("/api/v1/endpoints"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(3))
                .andExpect(jsonPath("$.items[0].kind").value("webhook"))
                .andExpect(jsonPath("$.items[0].url").value(fixture.url()))
                .andExpect(jsonPath("$.items[0].eventTypes").isEmpty())
                .andExpect(jsonPath("$.items[1].kind").value("endpoint"))
                .andExpect(jsonPath("$.items[1].id").value(id))
                .andExpect(jsonPath("$.items[2].kind").value("zapier"))
                .andExpect(jsonPath("$.items[2].eventTypes").value(contains("model.deleted")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).doesNotContain("newSecret").doesNotContain(secret);
        lead(get("/api/v1/endpoints/{id}", id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.description").value("Slack bot"))
                .andExpect(jsonPath("$.newSecret").doesNotExist());
    }

    @Test
    void anAbsentFilterAndPaceMeanEveryEventTypeWithoutLimit() throws Exception {
        String body = create("{\"url\":\"" + receiver.url(fixture.path() + "/all") + "\"}");
        assertThat(JsonPath.<Object>read(body, "$.eventTypes")).isNull();
        assertThat(JsonPath.<Object>read(body, "$.maxPerSecond")).isNull();
        assertThat(JsonPath.<Object>read(body, "$.description")).isNull();
    }

    @Test
    void refusalsAreProblemsNamingTheFieldAndWriteNothing() throws Exception {
        String url = receiver.url(fixture.path() + "/refused");
        Map<String, String> refused = Map.of(
                "{\"url\":\"%s\",\"eventTypes\":[\"model.created\",\"model.exploded\"]}".formatted(url),
                "model.exploded",
                "{\"url\":\"%s\",\"eventTypes\":[]}".formatted(url),
                "at least one event type",
                "{\"url\":\"%s\",\"maxPerSecond\":0}".formatted(url),
                "maxPerSecond",
                "{\"url\":\"%s\",\"maxPerSecond\":1001}".formatted(url),
                "maxPerSecond",
                "{\"url\":\"ftp://hooks.example.com/in\"}",
                "url",
                "{\"url\":\"https://user:pw@hooks.example.com/in\"}",
                "user info",
                "{\"eventTypes\":[\"model.created\"]}",
                "url",
                "{\"url\":\"%s\",\"colour\":\"red\"}".formatted(url),
                "colour");
        for (var refusal : refused.entrySet()) {
            lead(json(post("/api/v1/endpoints"), refusal.getKey()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(content().string(containsString(refusal.getValue())));
        }
        assertThat(endpointRows()).isZero();

        String id = JsonPath.read(create("{\"url\":\"" + url + "\",\"eventTypes\":[\"model.created\"]}"), "$.id");
        for (String change : List.of(
                "{\"eventTypes\":[\"model.nope\"]}",
                "{\"eventTypes\":[]}",
                "{\"maxPerSecond\":1001}",
                "{\"url\":null}",
                "{\"url\":\"ftp://hooks.example.com/in\"}",
                "{\"description\":\"kept?\",\"eventTypes\":[\"model.nope\"]}")) {
            lead(json(patch("/api/v1/endpoints/{id}", id), change))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(PROBLEM));
        }
        lead(get("/api/v1/endpoints/{id}", id))
                .andExpect(jsonPath("$.url").value(url))
                .andExpect(jsonPath("$.description").isEmpty())
                .andExpect(jsonPath("$.eventTypes").value(contains("model.created")))
                .andExpect(jsonPath("$.maxPerSecond").isEmpty());
    }

    @Test
    void anOrganizationHasAtMostTwentyEndpointsBesidesItsWebhook() throws Exception {
        fixture.withWebhook();
        for (int i = 0; i < 20; i++) {
            create("{\"url\":\"" + receiver.url(fixture.path() + "/" + i) + "\"}");
        }
        lead(json(post("/api/v1/endpoints"), "{\"url\":\"" + receiver.url(fixture.path() + "/21") + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.detail").value(containsString("20")));
        assertThat(endpointRows()).isEqualTo(20);

        String first = JsonPath.read(
                lead(get("/api/v1/endpoints")).andReturn().getResponse().getContentAsString(), "$.items[1].id");
        lead(delete("/api/v1/endpoints/{id}", first)).andExpect(status().isNoContent());
        create("{\"url\":\"" + receiver.url(fixture.path() + "/21") + "\"}");
    }

    @Test
    void anotherOrganizationsEndpointIsNotFound() throws Exception {
        String id = JsonPath.read(create("{\"url\":\"" + receiver.url(fixture.path() + "/mine") + "\"}"), "$.id");
        String other = Api.organization(fixture.mvc(), true);
        for (MockHttpServletRequestBuilder request : List.of(
                get("/api/v1/endpoints/{id}", id),
                json(patch("/api/v1/endpoints/{id}", id), "{\"description\":\"theirs now\"}"),
                delete("/api/v1/endpoints/{id}", id),
                post("/api/v1/endpoints/{id}/secret", id),
                post("/api/v1/endpoints/{id}/test", id))) {
            fixture.mvc()
                    .perform(request.header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(other))))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentType(PROBLEM));
        }
        fixture.mvc()
                .perform(get("/api/v1/endpoints")
                        .header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(other))))
                .andExpect(jsonPath("$.items").isEmpty());
        lead(get("/api/v1/endpoints/{id}", id))
                .andExpect(jsonPath("$.description").isEmpty())
                .andExpect(jsonPath("$.secret.exists").value(true));
    }

    @Test
    void onlyATeamLeadOfAnOrganizationWithTheApiFeatureMayUseIt() throws Exception {
        fixture.mvc()
                .perform(get("/api/v1/endpoints")
                        .header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.user(fixture.org(), "Member"))))
                .andExpect(status().isForbidden());
        String off = Api.organization(fixture.mvc(), false);
        fixture.mvc()
                .perform(json(post("/api/v1/endpoints"), "{\"url\":\"" + fixture.url() + "\"}")
                        .header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(off))))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(PROBLEM));
        assertThat(fixture.count("SELECT count(*) FROM endpoint WHERE organization_id = ?", off))
                .isZero();
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNamesAndTheWebhookIsChangedOnlyThroughItsOwnApi() throws Exception {
        String url = receiver.url(fixture.path() + "/patched");
        String id = JsonPath.read(
                create("{\"url\":\"%s\",\"description\":\"HR\",\"eventTypes\":[\"model.created\"],\"maxPerSecond\":7}"
                        .formatted(url)),
                "$.id");
        lead(json(patch("/api/v1/endpoints/{id}", id), "{\"description\":\"HR system\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.description").value("HR system"))
                .andExpect(jsonPath("$.eventTypes").value(contains("model.created")))
                .andExpect(jsonPath("$.maxPerSecond").value(7))
                .andExpect(jsonPath("$.url").value(url));
        String moved = receiver.url(fixture.path() + "/moved");
        lead(json(
                        patch("/api/v1/endpoints/{id}", id),
                        "{\"url\":\"%s\",\"eventTypes\":null,\"maxPerSecond\":null}".formatted(moved)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value(moved))
                .andExpect(jsonPath("$.description").value("HR system"))
                .andExpect(jsonPath("$.eventTypes").isEmpty())
                .andExpect(jsonPath("$.maxPerSecond").isEmpty());

        fixture.withWebhook();
        String webhook = JsonPath.read(
                lead(get("/api/v1/endpoints")).andReturn().getResponse().getContentAsString(), "$.items[0].id");
        lead(json(patch("/api/v1/endpoints/{id}", webhook), "{\"description\":\"x\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("/api/v1/settings/webhook")));
        lead(delete("/api/v1/endpoints/{id}", webhook)).andExpect(status().isConflict());
        lead(get("/api/v1/settings")).andExpect(jsonPath("$.webhook.url").value(fixture.url()));
    }

    @Test
    void disablingCancelsWhatWasPendingAndEnablingSendsAgain() throws Exception {
        String path = fixture.path() + "/toggled";
        receiver.answer(
                path,
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500));
        String id = JsonPath.read(create("{\"url\":\"" + receiver.url(path) + "\"}"), "$.id");
        Models.create(fixture.mvc(), fixture.org(), "tog-" + fixture.org()).andExpect(status().isCreated());
        fixture.awaitReceived(path, 2); // the first attempt and the ladder's immediate retry; a minute to the next
        lead(json(patch("/api/v1/endpoints/{id}", id), "{\"enabled\":false,\"description\":\"paused\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(false))
                .andExpect(jsonPath("$.disabled.reason").value("Disabled by the organization."));
        lead(get("/api/v1/endpoints/{id}", id)) // both changes of the one call were stored
                .andExpect(jsonPath("$.enabled").value(false))
                .andExpect(jsonPath("$.description").value("paused"));
        assertThat(fixture.delivery("model.created"))
                .containsEntry("status", "CANCELLED")
                .containsEntry("last_error", "endpoint disabled");

        receiver.answerOk(path);
        lead(json(patch("/api/v1/endpoints/{id}", id), "{\"enabled\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(true))
                .andExpect(jsonPath("$.disabled").isEmpty());
        lead(post("/api/v1/endpoints/{id}/test", id)).andExpect(status().isAccepted());
        fixture.awaitReceived(path, 3);
    }

    @Test
    void removingCancelsPendingDeliveriesAndTheEndpointIsGone() throws Exception {
        String path = fixture.path() + "/removed";
        receiver.answer(
                path,
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500));
        String id = JsonPath.read(create("{\"url\":\"" + receiver.url(path) + "\"}"), "$.id");
        Models.create(fixture.mvc(), fixture.org(), "rm-" + fixture.org()).andExpect(status().isCreated());
        fixture.awaitReceived(path, 2);
        lead(delete("/api/v1/endpoints/{id}", id)).andExpect(status().isNoContent());
        assertThat(fixture.delivery("model.created"))
                .containsEntry("status", "CANCELLED")
                .containsEntry("last_error", "endpoint removed");
        lead(get("/api/v1/endpoints/{id}", id)).andExpect(status().isNotFound());
        lead(delete("/api/v1/endpoints/{id}", id)).andExpect(status().isNotFound());
        lead(get("/api/v1/endpoints")).andExpect(jsonPath("$.items").isEmpty());
    }

    @Test
    void aNewSecretSignsEveryLaterRequestAndTheOldOneNone() throws Exception {
        String path = fixture.path() + "/rotated";
        receiver.answerOk(path);
        String body = create("{\"url\":\"" + receiver.url(path) + "\"}");
        String id = JsonPath.read(body, "$.id");
        String old = JsonPath.read(body, "$.newSecret");
        String rotated = JsonPath.read(
                lead(post("/api/v1/endpoints/{id}/secret", id))
                        .andExpect(status().isCreated())
                        .andExpect(jsonPath("$.id").value(id))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.newSecret");
        assertThat(rotated).matches("[0-9a-f]{64}").isNotEqualTo(old);

        Models.create(fixture.mvc(), fixture.org(), "rot-" + fixture.org()).andExpect(status().isCreated());
        var received = fixture.awaitReceived(path, 1).getFirst();
        assertThat(Receiver.signatureValid(received, rotated)).isTrue();
        assertThat(Receiver.signatureValid(received, old)).isFalse();
    }

    @Test
    void aTestEventGoesToThatEndpointOnlyWhateverItsFilterWithinTheManualSendLimit() throws Exception {
        fixture.withWebhook();
        String path = fixture.path() + "/tested";
        receiver.answerOk(path);
        String body = create("{\"url\":\"%s\",\"eventTypes\":[\"model.deleted\"]}".formatted(receiver.url(path)));
        String id = JsonPath.read(body, "$.id");
        String secret = JsonPath.read(body, "$.newSecret");

        lead(post("/api/v1/endpoints/{id}/test", id))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.eventId").value(matchesPattern("evt_.+")));
        var received = fixture.awaitReceived(path, 1).getFirst();
        assertThat(JsonPath.<String>read(received.getBodyAsString(), "$.event")).isEqualTo("webhook.test");
        assertThat(Receiver.signatureValid(received, secret)).isTrue();
        fixture.awaitSettled();
        assertThat(receiver.received(fixture.path())).as("not the webhook").isEmpty();

        String webhook = JsonPath.read(
                lead(get("/api/v1/endpoints")).andReturn().getResponse().getContentAsString(), "$.items[0].id");
        lead(post("/api/v1/endpoints/{id}/test", webhook)).andExpect(status().isAccepted());
        fixture.awaitReceived(1);
        lead(post("/api/v1/webhooks/test")).andExpect(status().isAccepted());
        // hooks.delivery.manual-sends-per-minute is 3 here, shared with the webhook's test events
        lead(post("/api/v1/endpoints/{id}/test", id))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(PROBLEM));
        fixture.awaitSettled();
        assertThat(receiver.received(path)).hasSize(1);
        assertThat(receiver.received(fixture.path())).hasSize(2);
    }
}
