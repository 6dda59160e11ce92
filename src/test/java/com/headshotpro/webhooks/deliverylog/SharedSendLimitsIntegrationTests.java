package com.headshotpro.webhooks.deliverylog;

import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.headshotpro.webhooks.WebhooksApplication;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.ServiceClient;
import com.headshotpro.webhooks.support.Tokens;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Two replicas on one database share each organization's send limits: this test's context and a second
 * application started beside it on the same database, both API-only. 3 test events and redeliveries a
 * minute, 2 replays an hour. Neither clock is steered here, and this context's runs ({@code
 * test.clock=running}): the second application keeps the database's time, and the two must agree on it.
 */
@IntegrationTest
@TestPropertySource(
        properties = {
            "hooks.delivery.enabled=false",
            "hooks.delivery.manual-sends-per-minute=3",
            "hooks.delivery.replays-per-hour=2",
            "test.clock=running"
        })
class SharedSendLimitsIntegrationTests {

    static ConfigurableApplicationContext secondReplica;
    static ServiceClient second;

    @Autowired
    MockMvc mvc;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    String org;

    @BeforeEach
    void secondReplicaAndOrganization() throws Exception {
        if (secondReplica == null) {
            secondReplica = new SpringApplicationBuilder(WebhooksApplication.class)
                    .profiles("test")
                    .run(
                            "--server.port=0",
                            "--hooks.delivery.enabled=false",
                            "--hooks.delivery.manual-sends-per-minute=3",
                            "--hooks.delivery.replays-per-hour=2",
                            "--spring.datasource.url=" + databaseUrl);
            second = new ServiceClient("http://127.0.0.1:"
                    + ((WebServerApplicationContext) secondReplica)
                            .getWebServer()
                            .getPort());
        }
        org = Api.organization(mvc, true);
        Api.saveWebhook(mvc, org, "http://127.0.0.1:9/shared/" + org);
    }

    @AfterAll
    static void stopSecondReplica() {
        if (secondReplica != null) {
            secondReplica.close();
        }
    }

    private int firstReplica(String uri, String body) throws Exception {
        return mvc.perform(post(uri)
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn()
                .getResponse()
                .getStatus();
    }

    private int secondReplica(String uri, @Nullable String body) {
        return second.teamLead(org, "POST", uri, body).status();
    }

    @Test
    void testEventsAreCountedAcrossReplicas() throws Exception {
        assertThat(firstReplica("/api/v1/webhooks/test", "")).isEqualTo(202);
        assertThat(secondReplica("/api/v1/webhooks/test", null)).isEqualTo(202);
        assertThat(firstReplica("/api/v1/webhooks/test", "")).isEqualTo(202);
        assertThat(secondReplica("/api/v1/webhooks/test", null)).isEqualTo(429);
        assertThat(firstReplica("/api/v1/webhooks/test", "")).isEqualTo(429);
        ServiceClient.Answer refused = second.teamLead(org, "POST", "/api/v1/webhooks/test", null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.response()
                        .headers()
                        .firstValueAsLong(HttpHeaders.RETRY_AFTER)
                        .orElseThrow())
                .isBetween(1L, 60L);
    }

    @Test
    void replaysAreCountedAcrossReplicas() throws Exception {
        String body = "{\"since\":\"" + Instant.now().minusSeconds(60) + "\"}";
        assertThat(firstReplica("/api/v1/webhooks/replay", body)).isEqualTo(202);
        assertThat(secondReplica("/api/v1/webhooks/replay", body)).isEqualTo(202);
        assertThat(firstReplica("/api/v1/webhooks/replay", body)).isEqualTo(429);
        assertThat(secondReplica("/api/v1/webhooks/replay", body)).isEqualTo(429);
    }
}
