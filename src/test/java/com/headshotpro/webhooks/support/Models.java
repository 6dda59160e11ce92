package com.headshotpro.webhooks.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Calls of the internal model API, as an owning service makes them. */
public final class Models {

    private Models() {}

    public static ResultActions internal(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.internalService())));
    }

    public static ResultActions create(MockMvc mvc, String organization, String id) throws Exception {
        return internal(
                mvc,
                post("/internal/v1/models")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                        {"_id": "%s", "organization": "%s", "uid": "user-1", "title": "Team shoot",
                         "trigger": "api", "status": "pending"}
                        """.formatted(id, organization)));
    }
}
