package com.headshotpro.webhooks.zapier;

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
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
class ZapierApiIntegrationTests {

    static final Receiver receiver = new Receiver();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    String org;
    String key;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void organizationWithApiKey() throws Exception {
        org = Api.organization(mvc, true);
        key = apiKey(org);
    }

    private String apiKey(String organization) throws Exception {
        return JsonPath.read(
                mvc.perform(post("/api/v1/settings/api-key")
                                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(organization))))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
    }

    private ResultActions zapier(String apiKey, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("X-API-Key", apiKey));
    }

    private String subscribe(String apiKey, String url, String event) throws Exception {
        return zapier(
                        apiKey,
                        post("/zapier/v1/hooks")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"targetUrl\":\"" + url + "\",\"event\":\"" + event + "\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void meNamesTheOrganizationOfTheKey() throws Exception {
        zapier(key, get("/zapier/v1/me"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"organization\":\"" + org + "\",\"name\":\"Acme " + org + "\"}", true));
        mvc.perform(get("/zapier/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType("application/problem+json"));
        zapier("hsp_wrong", get("/zapier/v1/me")).andExpect(status().isUnauthorized());
        mvc.perform(get("/zapier/v1/me").header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org))))
                .andExpect(status().isUnauthorized());
        Api.organization(mvc, org, false);
        zapier(key, get("/zapier/v1/me"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("API feature not enabled"));
        zapier(
                        key,
                        post("/zapier/v1/hooks")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.created\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aSubscriptionGetsItsEventTypeSignedWithItsOwnSecretUntilUnsubscribed() throws Exception {
        String path = "/zap/" + org;
        receiver.answerOk(path);
        String created = subscribe(key, receiver.url(path), "model.photos_ready");
        String id = JsonPath.read(created, "$.id");
        String secret = JsonPath.read(created, "$.secret");
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat((String) JsonPath.read(created, "$.event")).isEqualTo("model.photos_ready");

        Models.create(mvc, org, "z-" + org).andExpect(status().isCreated());
        Models.internal(mvc, post("/internal/v1/models/z-" + org + "/photos-ready"))
                .andExpect(status().isOk());
        var received = await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received(path), r -> !r.isEmpty());
        assertThat(deliveriesTo(id))
                .as("only the subscribed event type: no more will come")
                .isEqualTo(1);
        assertThat(receiver.received(path)).hasSize(1);
        assertThat(received.getFirst().getHeader("X-HeadshotPro-Event")).isEqualTo("model.photos_ready");
        assertThat(Receiver.signatureValid(received.getFirst(), secret)).isTrue();

        String other = Api.organization(mvc, true);
        zapier(apiKey(other), delete("/zapier/v1/hooks/" + id)).andExpect(status().isNotFound());
        zapier(key, delete("/zapier/v1/hooks/" + id)).andExpect(status().isNoContent());
        zapier(key, delete("/zapier/v1/hooks/" + id)).andExpect(status().isNotFound());
        Models.internal(mvc, post("/internal/v1/models/z-" + org + "/photos-ready"))
                .andExpect(status().isOk());
        assertThat(deliveriesTo(id))
                .as("nothing is made for a removed subscription")
                .isEqualTo(1);
        assertThat(receiver.received(path)).hasSize(1);
    }

    private long deliveriesTo(String endpointId) {
        return jdbc.sql("SELECT count(*) FROM delivery WHERE endpoint_id = ?::uuid")
                .param(endpointId)
                .query(Long.class)
                .single();
    }

    @Test
    void eventsListsTheLatestPayloadsOfTheOrganizationNewestFirst() throws Exception {
        zapier(key, get("/zapier/v1/events").param("event", "model.created"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].event").value("model.created"))
                .andExpect(jsonPath("$[0].object.organization").value(org));
        for (int i = 1; i <= 4; i++) {
            Models.create(mvc, org, "e" + i + "-" + org).andExpect(status().isCreated());
        }
        String other = Api.organization(mvc, true);
        Models.create(mvc, other, "x-" + other).andExpect(status().isCreated());
        String body = zapier(
                        key,
                        get("/zapier/v1/events").param("event", "model.created").param("limit", "3"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        List<String> ids = JsonPath.read(body, "$[*].object._id");
        assertThat(ids).containsExactly("e4-" + org, "e3-" + org, "e2-" + org);
        zapier(key, get("/zapier/v1/events").param("event", "model.bogus")).andExpect(status().isBadRequest());
        zapier(key, get("/zapier/v1/events").param("event", "model.created").param("limit", "0"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void refusesBadSubscriptions() throws Exception {
        for (String body : List.of(
                "{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.unknown\"}",
                "{\"targetUrl\":\"ftp://hooks.zapier.com/x\",\"event\":\"model.created\"}",
                "{\"targetUrl\":\"https://hooks.zapier.com/x\"}",
                "{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.created\",\"extra\":1}")) {
            zapier(
                            key,
                            post("/zapier/v1/hooks")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType("application/problem+json"));
        }
        zapier(key, delete("/zapier/v1/hooks/not-a-uuid")).andExpect(status().isBadRequest());
    }
}
