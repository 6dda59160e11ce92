package com.headshotpro.webhooks.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** What ops and API users reach without credentials: health, metrics and the OpenAPI description. */
@IntegrationTest
class OperationsIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Test
    void healthProbesIncludeTheDatabase() throws Exception {
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health")).andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void prometheusExposesTheDeliveryMetrics() throws Exception {
        String metrics = mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(metrics)
                .contains("hooks_deliveries_total{", "outcome=\"succeeded\"", "outcome=\"failed\"")
                .contains("hooks_deliveries_pending", "hooks_deliveries_oldest_due_age_seconds")
                .contains("hooks_delivery_attempts_seconds_bucket")
                .contains("hooks_endpoints_disabled_total", "hooks_replays_total", "hooks_replays_deliveries_total");
    }

    @Test
    void theOpenApiDescriptionCoversEveryCallOfTheContract() throws Exception {
        String docs = mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        Map<String, Object> paths = JsonPath.read(docs, "$.paths");
        assertThat(paths)
                .containsKeys(
                        "/internal/v1/organizations/{orgId}",
                        "/internal/v1/models",
                        "/internal/v1/models/{id}",
                        "/internal/v1/models/{id}/photos-ready",
                        "/internal/v1/models/{id}/favorite",
                        "/api/v1/settings",
                        "/api/v1/settings/webhook",
                        "/api/v1/settings/webhook/secret",
                        "/api/v1/settings/api-key",
                        "/api/v1/endpoints",
                        "/api/v1/endpoints/{id}",
                        "/api/v1/endpoints/{id}/secret",
                        "/api/v1/endpoints/{id}/test",
                        "/api/v1/webhooks/deliveries",
                        "/api/v1/webhooks/deliveries/{id}",
                        "/api/v1/webhooks/deliveries/{id}/redeliver",
                        "/api/v1/webhooks/test",
                        "/api/v1/webhooks/replay",
                        "/api/v1/zapier/subscriptions",
                        "/api/v1/zapier/subscriptions/{id}",
                        "/zapier/v1/me",
                        "/zapier/v1/hooks",
                        "/zapier/v1/hooks/{id}",
                        "/zapier/v1/events");
        Map<String, Object> patch = JsonPath.read(docs, "$.components.schemas.EndpointPatch.properties");
        assertThat(patch)
                .as("a PATCH body's fields, read through its setters")
                .containsOnlyKeys("url", "description", "eventTypes", "maxPerSecond", "enabled");
        Map<String, Object> replay = JsonPath.read(docs, "$.components.schemas.ReplayRequest.properties");
        assertThat(replay)
                .as("a replay's body, which may name an endpoint")
                .containsOnlyKeys("since", "until", "failedOnly", "endpoint");
        assertThat((String) JsonPath.read(docs, "$.components.schemas.ReplayRequest.properties.endpoint.description"))
                .contains("/api/v1/endpoints");
        assertThat((Map<String, Object>) JsonPath.read(docs, "$.components.schemas.ReplayResponse.properties"))
                .containsOnlyKeys("deliveries", "endpoint");
        Map<String, Object> schemes = JsonPath.read(docs, "$.components.securitySchemes");
        assertThat(schemes).containsKeys("bearer", "apiKey");
        mvc.perform(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
    }
}
