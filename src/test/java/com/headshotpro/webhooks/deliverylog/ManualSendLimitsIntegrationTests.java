package com.headshotpro.webhooks.deliverylog;

import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.LimitsIntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Test events and redeliveries share a per-organization allowance (3 in any minute here), and redeliveries
 * are capped (2). {@link SharedSendLimitsIntegrationTests} shows the allowance shared by two replicas.
 */
@LimitsIntegrationTest
class ManualSendLimitsIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = Fixture.withSavedWebhook("/limits/");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettableClock clock;

    private ResultActions lead(String uri) throws Exception {
        return mvc.perform(post(uri).header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org()))));
    }

    @Test
    void testEventsAndRedeliveriesShareAnAllowanceAndGet429WithRetryAfterBeyondIt() throws Exception {
        Models.create(mvc, fixture.org(), "lim-" + fixture.org()).andExpect(status().isCreated());
        long delivery = awaitFinishedDelivery();
        lead("/api/v1/webhooks/test").andExpect(status().isAccepted());
        lead("/api/v1/webhooks/test").andExpect(status().isAccepted());
        awaitFinished();
        lead("/api/v1/webhooks/deliveries/" + delivery + "/redeliver").andExpect(status().isAccepted());
        String retryAfter = lead("/api/v1/webhooks/test")
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Too many requests"))
                .andReturn()
                .getResponse()
                .getHeader(HttpHeaders.RETRY_AFTER);
        assertThat(Long.parseLong(retryAfter)).isBetween(40L, 60L); // the first send leaves the minute then
        awaitFinished();
        lead("/api/v1/webhooks/deliveries/" + delivery + "/redeliver").andExpect(status().isTooManyRequests());
        String other = Api.organization(mvc, true);
        Api.saveWebhook(mvc, other, fixture.receiver().url(fixture.path() + "/other"));
        mvc.perform(post("/api/v1/webhooks/test").header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other))))
                .andExpect(status().isAccepted());

        clock.advance(Duration.ofSeconds(Long.parseLong(retryAfter)));
        lead("/api/v1/webhooks/deliveries/" + delivery + "/redeliver").andExpect(status().isAccepted());
        lead("/api/v1/webhooks/test").andExpect(status().isAccepted());
        lead("/api/v1/webhooks/test").andExpect(status().isAccepted());
        lead("/api/v1/webhooks/test").andExpect(status().isTooManyRequests());
    }

    @Test
    void aRedeliveryRefusedAfterItsSendWasTakenGivesItBack() throws Exception {
        Models.create(mvc, fixture.org(), "back-" + fixture.org()).andExpect(status().isCreated());
        long delivery = awaitFinishedDelivery();
        // as if another replica were attempting it right now: a redelivery is refused after taking its send
        jdbc.sql("""
                        UPDATE delivery SET status = 'PENDING', lease_token = gen_random_uuid(),
                               next_attempt_at = CAST(? AS timestamptz) + interval '1 day'
                         WHERE id = ?
                        """)
                .params(clock.instant().atOffset(java.time.ZoneOffset.UTC), delivery)
                .update();
        for (int n = 0; n < 5; n++) {
            lead("/api/v1/webhooks/deliveries/" + delivery + "/redeliver")
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.title").value("Delivery in progress"));
        }
        for (int n = 0; n < 3; n++) {
            lead("/api/v1/webhooks/test").andExpect(status().isAccepted());
        }
        lead("/api/v1/webhooks/test").andExpect(status().isTooManyRequests());
    }

    @Test
    void aDeliveryIsRedeliveredAtMostMaxRedeliveriesTimes() throws Exception {
        Models.create(mvc, fixture.org(), "cap-" + fixture.org()).andExpect(status().isCreated());
        long delivery = awaitFinishedDelivery();
        for (int n = 0; n < 2; n++) {
            lead("/api/v1/webhooks/deliveries/" + delivery + "/redeliver").andExpect(status().isAccepted());
            awaitFinished();
        }
        clock.advance(Duration.ofMinutes(1));
        lead("/api/v1/webhooks/deliveries/" + delivery + "/redeliver")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("redelivered 2 times")));
        assertThat(jdbc.sql("SELECT attempt_count FROM delivery WHERE id = ?")
                        .param(delivery)
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
    }

    private long awaitFinishedDelivery() {
        awaitFinished();
        return jdbc.sql("SELECT id FROM delivery WHERE organization_id = ? AND event_type = 'model.created'")
                .param(fixture.org())
                .query(Long.class)
                .single();
    }

    private void awaitFinished() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'PENDING'")
                                .param(fixture.org())
                                .query(Long.class)
                                .single()
                        == 0);
    }
}
