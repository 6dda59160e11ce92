package com.headshotpro.webhooks.deliverylog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A replay never delays other organizations' first attempts: one organization replays thousands of events
 * to a receiver that takes 300 ms an answer, and another organization's new events are all delivered
 * while the replay is still far from done.
 */
@IntegrationTest
class ReplayFairnessIntegrationTests {

    static final int REPLAYED = 2_000;
    static final int FRESH = 20;

    static final Receiver slow = new Receiver();
    static final Receiver fast = new Receiver();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettableClock clock;

    @AfterAll
    static void stopReceivers() {
        slow.close();
        fast.close();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void anotherOrganizationsNewEventsAreDeliveredWhileAReplayIsUnderWay() throws Exception {
        String replaying = Api.organization(mvc, true);
        slow.answer("/slow", aResponse().withStatus(200).withFixedDelay(1000));
        Api.saveWebhook(mvc, replaying, slow.url("/slow"));
        String other = Api.organization(mvc, true);
        fast.answerOk("/fast");
        Api.saveWebhook(mvc, other, fast.url("/fast"));
        Instant since = clock.instant().minus(Duration.ofHours(1));
        jdbc.sql("""
                        INSERT INTO event (id, organization_id, type, payload, created_at)
                        SELECT gen_random_uuid(), ?, 'model.created', '{"seeded":' || n || '}',
                               CAST(? AS timestamptz) + n * interval '1 second'
                          FROM generate_series(1, ?) AS n
                        """)
                .params(replaying, since.atOffset(ZoneOffset.UTC), REPLAYED)
                .update();

        mvc.perform(post("/api/v1/webhooks/replay")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(replaying)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"since\":\"" + since + "\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.deliveries").value(REPLAYED));
        clock.advance(Duration.ofSeconds(1)); // the replay's deliveries are due a microsecond apart: all due now
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !slow.received("/slow").isEmpty());
        for (int n = 0; n < FRESH; n++) {
            Models.create(mvc, other, "fresh-" + n + "-" + other).andExpect(status().isCreated());
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        count("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'SUCCEEDED'", other)
                                == FRESH);
        assertThat(fast.received("/fast")).hasSize(FRESH);
        assertThat(count("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'PENDING'", replaying))
                .as("the replay is still being delivered")
                .isGreaterThan(REPLAYED / 2);
        assertThat(count("SELECT max(attempt_count) FROM delivery WHERE organization_id = ?", other))
                .isOne();
    }
}
