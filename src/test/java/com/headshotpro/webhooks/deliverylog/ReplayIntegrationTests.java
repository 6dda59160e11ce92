package com.headshotpro.webhooks.deliverylog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.LimitsIntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * {@code POST /api/v1/webhooks/replay}: what the webhook missed, again, as new deliveries of the same
 * events, oldest first; everything when asked; one replay at a time; at most 10 replays an hour and 3
 * deliveries a replay here. The ladder is {@code 0s,1m} and the clock is steered.
 * {@link ReplayConcurrencyIntegrationTests} has many replays at once.
 */
@LimitsIntegrationTest
class ReplayIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = new Fixture("/replay/");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettableClock clock;

    Instant start;

    @BeforeEach
    void aDownWebhook() throws Exception {
        start = clock.instant().minusSeconds(1);
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(500));
        fixture.withWebhook();
    }

    /**
     * A replay a moment after what the test did before (a replay's range ends now, exclusive), whose
     * deliveries are then let fall due (they are due a microsecond apart, in the events' order).
     */
    private ResultActions replay(String body) throws Exception {
        clock.advance(Duration.ofMillis(1));
        ResultActions replayed = mvc.perform(post("/api/v1/webhooks/replay")
                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org())))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
        clock.advance(Duration.ofMillis(1));
        return replayed;
    }

    /** Creates models while the webhook fails, and lets each delivery fail for good (two attempts a minute apart). */
    private List<String> failedEvents(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Models.create(mvc, fixture.org(), "r" + i + "-" + fixture.org()).andExpect(status().isCreated());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.count(
                                "SELECT count(*) FROM delivery WHERE organization_id = ? AND attempt_count = 2",
                                fixture.org())
                        == n);
        fixture.climbLadder(() -> fixture.deliveries("FAILED") == n);
        return jdbc.sql("SELECT 'evt_' || id FROM event WHERE organization_id = ? ORDER BY created_at, id")
                .param(fixture.org())
                .query(String.class)
                .list();
    }

    @Test
    void replaysWhatFailedAsNewDeliveriesOfTheSameEventsOldestFirst() throws Exception {
        List<String> events = failedEvents(3);
        int failedRequests = fixture.receiver().received(fixture.path()).size();
        fixture.receiver().answerOk(fixture.path());
        Models.create(mvc, fixture.org(), "ok-" + fixture.org()).andExpect(status().isCreated());
        fixture.awaitReceived(failedRequests + 1);
        // received is not yet recorded: until it is, the replay would count this event as not delivered
        await().atMost(Fixture.PATIENCE).until(() -> fixture.deliveries("SUCCEEDED") == 1);

        replay("{\"since\":\"" + start + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.deliveries").value(3));
        List<LoggedRequest> replayed =
                fixture.awaitReceived(failedRequests + 1 + 3).subList(failedRequests + 1, failedRequests + 4);
        assertThat(replayed)
                .extracting(r -> r.getHeader("X-HeadshotPro-Event-Id"))
                .containsExactlyInAnyOrderElementsOf(events);
        List<Map<String, Object>> made =
                jdbc.sql("""
                        SELECT 'evt_' || d.event_id AS event, d.next_attempt_at FROM delivery d
                         WHERE d.organization_id = ? AND d.replay_id IS NOT NULL ORDER BY d.id
                        """).param(fixture.org()).query().listOfRows();
        assertThat(made).extracting(row -> row.get("event")).containsExactlyElementsOf(events);
        String body = jdbc.sql("SELECT payload FROM event WHERE 'evt_' || id = ?")
                .param(events.getFirst())
                .query(String.class)
                .single();
        assertThat(replayed)
                .filteredOn(r -> events.getFirst().equals(r.getHeader("X-HeadshotPro-Event-Id")))
                .singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).isEqualTo(body));

        String log = mvc.perform(get("/api/v1/webhooks/deliveries?origin=replay")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat((List<String>) JsonPath.read(log, "$.items[*].origin"))
                .hasSize(3)
                .containsOnly("replay");
        assertThat((List<String>) JsonPath.read(log, "$.items[*].eventId")).containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void withFailedOnlyFalseEveryEventOfTheRangeIsReplayed() throws Exception {
        failedEvents(2);
        fixture.receiver().answerOk(fixture.path());
        Models.create(mvc, fixture.org(), "ok-" + fixture.org()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.count(
                                "SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'SUCCEEDED'",
                                fixture.org())
                        == 1);
        replay("{\"since\":\"" + start + "\",\"failedOnly\":false}")
                .andExpect(jsonPath("$.deliveries").value(3));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.count(
                                "SELECT count(*) FROM delivery WHERE organization_id = ? AND replay_id IS NOT NULL AND status = 'SUCCEEDED'",
                                fixture.org())
                        == 3);
        Instant later = clock.instant();
        replay("{\"since\":\"" + start + "\",\"until\":\"" + later + "\"}")
                .andExpect(jsonPath("$.deliveries").value(0));
    }

    @Test
    void oneReplayAtATime() throws Exception {
        failedEvents(2);
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(503).withHeader("Retry-After", "3600"));
        replay("{\"since\":\"" + start + "\"}")
                .andExpect(jsonPath("$.deliveries").value(2));
        replay("{\"since\":\"" + start + "\"}")
                .andExpect(status().isConflict())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.detail").value(containsString("still being delivered")));
        assertThat(fixture.count("SELECT count(*) FROM replay WHERE organization_id = ?", fixture.org()))
                .isOne();
    }

    @Test
    void atMostReplaysPerHourPerOrganizationThen429WithRetryAfter() throws Exception {
        String body = "{\"since\":\"" + start + "\"}";
        for (int n = 0; n < 10; n++) {
            replay(body)
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.deliveries").value(0));
        }
        long retryAfter = retryAfter(replay(body)
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Too many requests"))
                .andExpect(jsonPath("$.detail").value(containsString("10 replays an hour"))));
        assertThat(retryAfter).isBetween(3500L, 3600L);
        String other = Api.organization(mvc, true);
        Api.saveWebhook(mvc, other, fixture.receiver().url(fixture.path() + "/other"));
        mvc.perform(post("/api/v1/webhooks/replay")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isAccepted());

        clock.advance(Duration.ofMinutes(30));
        long later = retryAfter(replay(body).andExpect(status().isTooManyRequests()));
        assertThat(later).isBetween(retryAfter - 1800 - 5, retryAfter - 1800);
        clock.advance(Duration.ofSeconds(later));
        replay(body).andExpect(status().isAccepted());
        assertThat(fixture.count("SELECT count(*) FROM replay WHERE organization_id = ?", fixture.org()))
                .isEqualTo(11);
    }

    @Test
    void aReplayOfMoreThanReplayMaxDeliveriesIsA422ThatMakesNoneButCountsAgainstTheHourlyLimit() throws Exception {
        jdbc.sql("""
                        INSERT INTO event (id, organization_id, type, payload, created_at)
                        SELECT gen_random_uuid(), ?, 'model.created', '{"seeded":' || n || '}',
                               CAST(? AS timestamptz) + n * interval '100 milliseconds'
                          FROM generate_series(1, 4) AS n
                        """)
                .params(fixture.org(), start.atOffset(java.time.ZoneOffset.UTC))
                .update();
        for (int n = 0; n < 10; n++) {
            replay("{\"since\":\"" + start + "\",\"failedOnly\":false}")
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.title").value("Replay too large"))
                    .andExpect(jsonPath("$.detail").value(containsString("more than 3 deliveries")));
        }
        assertThat(fixture.count("SELECT count(*) FROM replay WHERE organization_id = ?", fixture.org()))
                .isZero();
        assertThat(fixture.count("SELECT count(*) FROM delivery WHERE organization_id = ?", fixture.org()))
                .isZero();

        // each read the range as a replay does, so each took one of the hour's ten
        replay("{\"since\":\"" + start + "\",\"until\":\"" + start.plusMillis(350) + "\"}")
                .andExpect(status().isTooManyRequests());
        clock.advance(Duration.ofHours(1));
        replay("{\"since\":\"" + start + "\",\"until\":\"" + start.plusMillis(350) + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.deliveries").value(3));
    }

    private static long retryAfter(ResultActions refused) {
        return Long.parseLong(refused.andReturn().getResponse().getHeader(HttpHeaders.RETRY_AFTER));
    }

    @Test
    void aRangeOutsideTheRetentionOrEmptyIsRefused() throws Exception {
        replay("{\"since\":\"" + clock.instant().minus(Duration.ofDays(31)) + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("since"));
        replay("{\"since\":\"" + start + "\",\"until\":\"" + start + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("until"));
        replay("{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("since"));
        String bare = Api.organization(mvc, true);
        mvc.perform(post("/api/v1/webhooks/replay")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(bare)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"since\":\"" + start + "\"}"))
                .andExpect(status().isNotFound());
        assertThat(fixture.count("SELECT count(*) FROM replay WHERE organization_id IN (?, ?)", fixture.org(), bare))
                .isZero();
    }
}
