package com.headshotpro.webhooks.deliverylog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.Models.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.Fixture.Registered;
import com.headshotpro.webhooks.support.LimitsIntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/**
 * {@code POST /api/v1/webhooks/replay} naming {@code "endpoint"}: what one endpoint of the organization's
 * own missed, to it alone, at its current URL with its current secret; the webhook's and the other
 * endpoints' deliveries left alone. An endpoint that is not there to replay to is refused as the API
 * refuses it elsewhere, with nothing written; the replay limits are the organization's, whichever endpoint
 * a replay names. The limits and the ladder ({@code 0s,1m}) are those of {@link LimitsIntegrationTest}:
 * 10 replays an hour, 3 deliveries a replay.
 */
@LimitsIntegrationTest
class ReplayEndpointIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = new Fixture("/replay-endpoint/");

    static final Receiver receiver = fixture.receiver();

    @Autowired
    SettableClock clock;

    @Autowired
    EndpointService endpoints;

    Instant start;

    @BeforeEach
    void aWebhook() throws Exception {
        start = clock.instant().minusSeconds(1);
        fixture.withWebhook();
    }

    private Registered endpoint(String name, String eventTypes) throws Exception {
        return fixture.withEndpoint(name, "\"eventTypes\":" + eventTypes);
    }

    /** A replay a moment after what the test did before (its range ends now, exclusive), then a moment more. */
    private ResultActions replay(String body) throws Exception {
        clock.advance(Duration.ofMillis(1));
        ResultActions replayed = fixture.lead(post("/api/v1/webhooks/replay")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
        clock.advance(Duration.ofMillis(1));
        return replayed;
    }

    private String since() {
        return "\"since\":\"" + start + "\"";
    }

    /** A model.created event a millisecond after the last one, so that the events' order is their creation's. */
    private void created(String model) throws Exception {
        clock.advance(Duration.ofMillis(1));
        Models.create(fixture.mvc(), fixture.org(), model).andExpect(status().isCreated());
    }

    private List<String> eventIds(String sql, Object... params) {
        return fixture.jdbc().sql(sql).params(params).query(String.class).list();
    }

    private static List<String> eventIds(List<LoggedRequest> requests) {
        return requests.stream().map(r -> r.getHeader("X-HeadshotPro-Event-Id")).toList();
    }

    /** What a refused replay must leave as it was: the organization's replays, deliveries and send allowance. */
    private List<Long> written(String organization) {
        return List.of(
                fixture.count("SELECT count(*) FROM replay WHERE organization_id = ?", organization),
                fixture.count("SELECT count(*) FROM delivery WHERE organization_id = ?", organization),
                fixture.count("SELECT count(*) FROM send_allowance WHERE organization_id = ?", organization));
    }

    private static Map<String, Object> problem(MvcResult result) throws Exception {
        String body = result.getResponse().getContentAsString();
        return Map.of(
                "status", result.getResponse().getStatus(),
                "title", JsonPath.read(body, "$.title"),
                "detail", JsonPath.read(body, "$.detail"));
    }

    @Test
    void aReplayNamingAnEndpointSendsExactlyItsFailedEventsToItAtItsCurrentUrlAndSecretAndNothingToTheOthers()
            throws Exception {
        receiver.answer(fixture.path(), aResponse().withStatus(500));
        created("early-" + fixture.org()); // before the endpoints: theirs to miss it was never
        clock.advance(Duration.ofMillis(1));
        Registered chosen = endpoint("chosen", "[\"model.created\"]");
        Registered other = endpoint("other", "null");
        receiver.answer(chosen.path(), aResponse().withStatus(500));
        receiver.answer(other.path(), aResponse().withStatus(500));

        String model = "one-" + fixture.org();
        created(model);
        clock.advance(Duration.ofMillis(1));
        internal(
                        fixture.mvc(),
                        patch("/internal/v1/models/" + model)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\":\"onboarding\"}"))
                .andExpect(status().isOk()); // a type the chosen endpoint does not take
        created("two-" + fixture.org());
        // the webhook has 4 events, the other endpoint 3 and the chosen one 2; every delivery fails for good
        fixture.climbLadder(() -> fixture.deliveries("FAILED") == 4 + 3 + 2);

        // the chosen endpoint's receiver is healthy now, at a new URL, and it has a new secret
        String healthy = chosen.path() + "/healthy";
        receiver.answerOk(healthy);
        fixture.lead(patch("/api/v1/endpoints/{id}", chosen.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"" + receiver.url(healthy) + "\"}"))
                .andExpect(status().isOk());
        String secret = JsonPath.read(
                fixture.lead(post("/api/v1/endpoints/{id}/secret", chosen.id()))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.newSecret");
        created("three-" + fixture.org()); // delivered to the chosen endpoint: not to replay
        fixture.awaitReceived(healthy, 1);
        fixture.climbLadder(() -> fixture.deliveries("FAILED") == 9 + 2 && fixture.deliveries("SUCCEEDED") == 1);

        List<String> failed = eventIds(
                "SELECT 'evt_' || event_id FROM delivery WHERE endpoint_id = ?::uuid AND status = 'FAILED'"
                        + " ORDER BY event_created_at",
                chosen.id());
        List<String> events = eventIds(
                "SELECT 'evt_' || id FROM event WHERE organization_id = ? ORDER BY created_at, id", fixture.org());
        assertThat(events).hasSize(5);
        assertThat(failed).containsExactly(events.get(1), events.get(3));
        int toWebhook = receiver.received(fixture.path()).size();
        int toOther = receiver.received(other.path()).size();
        int toOldUrl = receiver.received(chosen.path()).size();

        replay("{" + since() + ",\"endpoint\":\"" + chosen.id() + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(content().json("{\"deliveries\":2,\"endpoint\":\"" + chosen.id() + "\"}", true));
        List<LoggedRequest> replayed = fixture.awaitReceived(healthy, 3).subList(1, 3);
        assertThat(eventIds(replayed)).containsExactlyInAnyOrderElementsOf(failed);
        assertThat(replayed)
                .as("signed with the endpoint's current secret")
                .allMatch(r -> Receiver.signatureValid(r, secret))
                .noneMatch(r -> Receiver.signatureValid(r, chosen.secret()));
        await().atMost(Fixture.PATIENCE)
                .until(() -> fixture.count(
                                "SELECT count(*) FROM delivery WHERE organization_id = ? AND replay_id IS NOT NULL AND status = 'SUCCEEDED'",
                                fixture.org())
                        == 2);

        assertThat(fixture.deliveries("PENDING")).isZero();
        assertThat(eventIds(
                        "SELECT DISTINCT endpoint_id::text FROM delivery WHERE organization_id = ? AND replay_id IS NOT NULL",
                        fixture.org()))
                .containsExactly(chosen.id());
        assertThat(fixture.jdbc()
                        .sql("SELECT endpoint_id::text AS endpoint, deliveries FROM replay WHERE organization_id = ?")
                        .param(fixture.org())
                        .query()
                        .singleRow())
                .containsEntry("endpoint", chosen.id())
                .containsEntry("deliveries", 2);
        assertThat(receiver.received(fixture.path()))
                .as("nothing to the webhook")
                .hasSize(toWebhook);
        assertThat(receiver.received(other.path()))
                .as("nothing to the other endpoint")
                .hasSize(toOther);
        assertThat(receiver.received(chosen.path()))
                .as("nothing to its old URL")
                .hasSize(toOldUrl);
        fixture.lead(get("/api/v1/webhooks/deliveries?origin=replay&endpoint={id}", chosen.id()))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[*].endpoint.url").value(everyItem(equalTo(receiver.url(healthy)))));

        // everything it takes, delivered or not: its events since it was registered, of the type it takes
        replay("{" + since() + ",\"endpoint\":\"" + chosen.id() + "\",\"failedOnly\":false}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.deliveries").value(3));
        assertThat(eventIds(fixture.awaitReceived(healthy, 6).subList(3, 6)))
                .containsExactlyInAnyOrder(events.get(1), events.get(3), events.get(4));
    }

    @Test
    void anEndpointThatIsNotThereToReplayToIsRefusedAsElsewhereWithNothingWritten() throws Exception {
        Registered removed = endpoint("removed", "null");
        fixture.lead(delete("/api/v1/endpoints/{id}", removed.id())).andExpect(status().isNoContent());
        String apiKey = JsonPath.read(
                fixture.lead(post("/api/v1/settings/api-key"))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
        String zapier = JsonPath.read(
                fixture.mvc()
                        .perform(post("/zapier/v1/hooks")
                                .header("X-API-Key", apiKey)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"targetUrl\":\"" + receiver.url(fixture.path() + "/zap")
                                        + "\",\"event\":\"model.created\"}"))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.id");
        String another = Api.organization(fixture.mvc(), true);
        String theirs = JsonPath.read(
                Api.createEndpoint(
                        fixture.mvc(), another, "{\"url\":\"" + receiver.url(fixture.path() + "/theirs") + "\"}"),
                "$.id");
        // events that a replay of any of them would make deliveries of, had it been allowed
        created("e1-" + fixture.org());
        Models.create(fixture.mvc(), another, "e1-" + another).andExpect(status().isCreated());
        fixture.awaitSettled();
        List<Long> ours = written(fixture.org());
        List<Long> others = written(another);

        Map<String, Object> notFound = problem(fixture.lead(get("/api/v1/endpoints/{id}", UUID.randomUUID()))
                .andExpect(status().isNotFound())
                .andReturn());
        for (String id : List.of(UUID.randomUUID().toString(), theirs, removed.id(), zapier)) {
            assertThat(problem(replay("{" + since() + ",\"failedOnly\":false,\"endpoint\":\"" + id + "\"}")
                            .andExpect(content().contentType("application/problem+json"))
                            .andReturn()))
                    .as("the same 404 as for an unknown endpoint's id elsewhere")
                    .isEqualTo(notFound);
        }
        replay("{" + since() + ",\"endpoint\":\"not-an-id\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("endpoint"));

        assertThat(written(fixture.org())).isEqualTo(ours);
        assertThat(written(another)).isEqualTo(others);
    }

    @Test
    void aDisabledEndpointIsRefusedAsADisabledWebhookIsWithNothingWritten() throws Exception {
        Registered disabled = endpoint("disabled", "null");
        fixture.lead(patch("/api/v1/endpoints/{id}", disabled.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"enabled\":false}"))
                .andExpect(status().isOk());
        created("before-" + fixture.org());
        fixture.awaitSettled();
        String webhook = JsonPath.read(
                fixture.lead(get("/api/v1/endpoints")).andReturn().getResponse().getContentAsString(), "$.items[0].id");
        assertThat(endpoints.disable(UUID.fromString(webhook), "Disabled by the test."))
                .isPresent();
        List<Long> before = written(fixture.org());

        Map<String, Object> webhookDisabled = problem(replay("{" + since() + ",\"failedOnly\":false}")
                .andExpect(status().isConflict())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.detail").value(containsString("webhook is disabled")))
                .andReturn());
        Map<String, Object> endpointDisabled =
                problem(replay("{" + since() + ",\"failedOnly\":false,\"endpoint\":\"" + disabled.id() + "\"}")
                        .andExpect(status().isConflict())
                        .andExpect(content().contentType("application/problem+json"))
                        .andExpect(jsonPath("$.detail").value(containsString("endpoint is disabled")))
                        .andReturn());
        assertThat(endpointDisabled)
                .as("the webhook's answer, but for the detail that says how to enable it")
                .containsEntry("status", webhookDisabled.get("status"))
                .containsEntry("title", webhookDisabled.get("title"));

        assertThat(written(fixture.org())).isEqualTo(before);
    }

    @Test
    void replaysOfAnEndpointAndOfTheWebhookShareTheOrganizationsHourlyLimit() throws Exception {
        Registered endpoint = endpoint("limited", "null");
        for (int n = 0; n < 10; n++) {
            boolean ofTheEndpoint = n % 2 == 0;
            replay(ofTheEndpoint ? "{" + since() + ",\"endpoint\":\"" + endpoint.id() + "\"}" : "{" + since() + "}")
                    .andExpect(status().isAccepted())
                    .andExpect(content()
                            .json(
                                    ofTheEndpoint
                                            ? "{\"deliveries\":0,\"endpoint\":\"" + endpoint.id() + "\"}"
                                            : "{\"deliveries\":0}",
                                    true));
        }
        replay("{" + since() + ",\"endpoint\":\"" + endpoint.id() + "\"}")
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.detail").value(containsString("10 replays an hour")));
        replay("{" + since() + "}").andExpect(status().isTooManyRequests());
        assertThat(fixture.count(
                        "SELECT count(*) FROM replay WHERE organization_id = ? AND endpoint_id = ?::uuid",
                        fixture.org(),
                        endpoint.id()))
                .isEqualTo(5);
        assertThat(fixture.count("SELECT count(*) FROM replay WHERE organization_id = ?", fixture.org()))
                .isEqualTo(10);

        // another organization's allowance is its own
        String other = Api.organization(fixture.mvc(), true);
        Api.saveWebhook(fixture.mvc(), other, receiver.url(fixture.path() + "/other"));
        fixture.mvc()
                .perform(post("/api/v1/webhooks/replay")
                        .header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(other)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{" + since() + "}"))
                .andExpect(status().isAccepted());
    }

    @Test
    void whileAReplayOfAnEndpointIsBeingDeliveredAReplayOfTheWebhookIsRefused() throws Exception {
        Registered slow = endpoint("slow", "null");
        receiver.answer(slow.path(), aResponse().withStatus(503).withHeader("Retry-After", "3600"));
        created("m-" + fixture.org());
        fixture.awaitReceived(slow.path(), 1);
        fixture.awaitReceived(1);

        replay("{" + since() + ",\"endpoint\":\"" + slow.id() + "\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.deliveries").value(1));
        replay("{" + since() + ",\"failedOnly\":false}")
                .andExpect(status().isConflict())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Replay running"))
                .andExpect(jsonPath("$.detail").value(containsString("still being delivered")));
        assertThat(fixture.count("SELECT count(*) FROM replay WHERE organization_id = ?", fixture.org()))
                .isOne();
    }
}
