package com.headshotpro.webhooks.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Small steps the integration tests share. */
public final class Api {

    private Api() {}

    public static String newOrganizationId() {
        return "org-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String organization(MockMvc mvc, boolean apiEnabled) throws Exception {
        String id = newOrganizationId();
        organization(mvc, id, apiEnabled);
        return id;
    }

    /** Saves the organization's webhook URL as its TeamLead; returns the new secret (null on later saves). */
    public static String saveWebhook(MockMvc mvc, String organization, String url) throws Exception {
        String body = mvc.perform(put("/api/v1/settings/webhook")
                        .header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(organization)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"" + url + "\"}"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return body.contains("\"newSecret\"")
                ? com.jayway.jsonpath.JsonPath.parse(body).read("$.newSecret")
                : null;
    }

    /** Registers an endpoint beside the webhook as the organization's TeamLead; returns the 201's body. */
    public static String createEndpoint(MockMvc mvc, String organization, String body) throws Exception {
        return mvc.perform(post("/api/v1/endpoints")
                        .header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(organization)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    public static void organization(MockMvc mvc, String id, boolean apiEnabled) throws Exception {
        mvc.perform(put("/internal/v1/organizations/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.internalService()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Acme " + id + "\",\"apiEnabled\":" + apiEnabled + "}"))
                .andExpect(status().isOk());
    }
}
