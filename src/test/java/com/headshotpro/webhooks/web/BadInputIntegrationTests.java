package com.headshotpro.webhooks.web;

import static com.headshotpro.webhooks.support.Models.internal;
import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The bad values of the issue that Postgres or the payload format cannot hold: each a 400 naming its field. */
@IntegrationTest
class BadInputIntegrationTests {

    @Autowired
    MockMvc mvc;

    String org;

    @BeforeEach
    void organization() throws Exception {
        org = Api.organization(mvc, true);
    }

    private static void invalid(ResultActions result, String field) throws Exception {
        result.andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    private ResultActions createModel(String json) throws Exception {
        return internal(
                mvc,
                post("/internal/v1/models")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json));
    }

    @Test
    void nulAndControlCharactersInBodiesAre400() throws Exception {
        invalid(createModel("""
                {"organization": "%s", "uid": "u", "title": "a\\u0000b", "trigger": "api", "status": "pending"}
                """.formatted(org)), "title");
        invalid(createModel("""
                {"organization": "%s", "uid": "u\\u0000", "title": "t", "trigger": "api", "status": "pending"}
                """.formatted(org)), "uid");
        invalid(createModel("""
                {"organization": "%s", "uid": "u", "title": "\\ud800 lone", "trigger": "api", "status": "pending"}
                """.formatted(org)), "title");
        invalid(
                internal(
                        mvc,
                        put("/internal/v1/organizations/{id}", Api.newOrganizationId())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\": \"Acme\\u0000\", \"apiEnabled\": true}")),
                "name");
        Models.create(mvc, org, "m-" + org).andExpect(status().isCreated());
        invalid(
                internal(
                        mvc,
                        patch("/internal/v1/models/m-" + org)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\": \"done\\u0000\"}")),
                "status");
    }

    @Test
    void timesOutsideTheYearsAPayloadCanShowAre400() throws Exception {
        Models.create(mvc, org, "t-" + org).andExpect(status().isCreated());
        invalid(
                internal(
                        mvc,
                        patch("/internal/v1/models/t-" + org)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\": \"done\", \"finishedAt\": \"+300000-01-01T00:00:00Z\"}")),
                "finishedAt");
        invalid(
                internal(
                        mvc,
                        post("/internal/v1/models/t-" + org + "/favorite")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("""
                                {"photoId": "p", "urls": {"preview": "https://a", "transparent": "https://b",
                                 "pfp": "https://c"}, "expiresAt": "+10000-01-01T00:00:00Z"}
                                """)),
                "expiresAt");
    }

    @Test
    void malformedParametersAre400() throws Exception {
        for (String cursor : new String[] {"%%%", "ZDo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "AA", "ZDo"}) {
            invalid(
                    mvc.perform(get("/api/v1/webhooks/deliveries")
                            .param("cursor", cursor)
                            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))),
                    "cursor");
        }
        invalid(
                mvc.perform(get("/api/v1/webhooks/deliveries")
                        .param("event", "model\u0000created")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))),
                "event");
        invalid(internal(mvc, post("/internal/v1/models/{id}/photos-ready", "bad id")), "id");
        internal(mvc, post("/internal/v1/models/bad%00id/photos-ready"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Malformed request"));
        internal(
                        mvc,
                        post("/internal/v1/models")
                                .header("Idempotency-Key", "key\u0000")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("""
                                {"organization": "%s", "uid": "u", "title": "t", "trigger": "api", "status": "p"}
                                """.formatted(org)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"));
        invalid(
                internal(
                        mvc,
                        post("/internal/v1/models")
                                .header("Idempotency-Key", "key with spaces")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("""
                                {"organization": "%s", "uid": "u", "title": "t", "trigger": "api", "status": "p"}
                                """.formatted(org))),
                "Idempotency-Key");
    }
}
