package com.headshotpro.webhooks.web;

import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.LimitsIntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Eight callers creating the same thing at the same instant: every one ends in 2xx or 409, never 500,
 * and what exists afterwards is consistent.
 */
@LimitsIntegrationTest
class FirstCreationRacesIntegrationTests {

    static final int CALLERS = 8;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    /** Runs the call from {@link #CALLERS} threads released at once; returns the responses. */
    private List<MockHttpServletResponse> race(Callable<MockHttpServletResponse> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(CALLERS)) {
            List<Future<MockHttpServletResponse>> futures = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<MockHttpServletResponse> responses = new ArrayList<>();
            for (Future<MockHttpServletResponse> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    private static List<Integer> statuses(List<MockHttpServletResponse> responses) {
        return responses.stream().map(MockHttpServletResponse::getStatus).toList();
    }

    @Test
    void concurrentFirstApiKeysAllSucceedAndTheLastOneWins() throws Exception {
        String org = Api.organization(mvc, true);
        List<MockHttpServletResponse> responses = race(() -> mvc.perform(post("/api/v1/settings/api-key")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org))))
                .andReturn()
                .getResponse());
        assertThat(statuses(responses)).containsOnly(201);
        assertThat(jdbc.sql("SELECT count(*) FROM api_key WHERE organization_id = ?")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isOne();
        long working = responses.stream()
                .map(r -> (String) JsonPath.read(contentOf(r), "$.apiKey"))
                .filter(key -> {
                    try {
                        return mvc.perform(get("/zapier/v1/me").header("X-API-Key", key))
                                        .andReturn()
                                        .getResponse()
                                        .getStatus()
                                == 200;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .count();
        assertThat(working).as("exactly one key works: the one stored last").isOne();
    }

    @Test
    void concurrentFirstWebhookSavesEndIn200Or409WithOneWebhookAndOneSecret() throws Exception {
        String org = Api.organization(mvc, true);
        List<MockHttpServletResponse> responses = race(() -> mvc.perform(put("/api/v1/settings/webhook")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"https://hooks.example.com/race\"}"))
                .andReturn()
                .getResponse());
        assertThat(statuses(responses)).containsAnyOf(200).allMatch(s -> s == 200 || s == 409);
        assertThat(responses.stream().filter(r -> contentOf(r).contains("newSecret")))
                .as("the secret is shown once")
                .hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM endpoint WHERE organization_id = ? AND deleted_at IS NULL")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isOne();
    }

    @Test
    void concurrentFirstOrganizationUpsertsAllSucceed() throws Exception {
        String org = Api.newOrganizationId();
        List<MockHttpServletResponse> responses = race(() -> mvc.perform(put("/internal/v1/organizations/{id}", org)
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.internalService()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Race\",\"apiEnabled\":true}"))
                .andReturn()
                .getResponse());
        assertThat(statuses(responses)).containsOnly(200);
    }

    @Test
    void concurrentModelsWithOneIdMakeOneModelAndOneEvent() throws Exception {
        String org = Api.organization(mvc, true);
        List<MockHttpServletResponse> responses =
                race(() -> Models.create(mvc, org, "race-" + org).andReturn().getResponse());
        assertThat(statuses(responses)).containsOnlyOnce(201).allMatch(s -> s == 201 || s == 409);
        assertThat(jdbc.sql("SELECT count(*) FROM event WHERE organization_id = ?")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isOne();
    }

    @Test
    void concurrentSubscriptionsStopAtTheLimit() throws Exception {
        String org = Api.organization(mvc, true);
        String key = JsonPath.read(
                contentOf(mvc.perform(post("/api/v1/settings/api-key")
                                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org))))
                        .andReturn()
                        .getResponse()),
                "$.apiKey");
        List<MockHttpServletResponse> responses = race(() -> mvc.perform(post("/zapier/v1/hooks")
                        .header("X-API-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.created\"}"))
                .andReturn()
                .getResponse());
        assertThat(statuses(responses).stream().filter(s -> s == 201)).hasSize(5);
        assertThat(statuses(responses).stream().filter(s -> s == 409)).hasSize(CALLERS - 5);
    }

    private static String contentOf(MockHttpServletResponse response) {
        try {
            return response.getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
