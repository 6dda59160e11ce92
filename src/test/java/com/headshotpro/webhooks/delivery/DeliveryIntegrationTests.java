package com.headshotpro.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.Models.internal;
import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Internal API to outbox to dispatcher to a real HTTP receiver, on real Postgres, with the test ladder
 * {@code 0s,1s,2s,3s} (steered on the service's clock) and a 1 s request timeout.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DeliveryIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = Fixture.withSavedWebhook("/hooks/");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    private String storedPayload(String eventType) {
        return jdbc.sql(
                        "SELECT payload FROM event WHERE organization_id = ? AND type = ? ORDER BY created_at DESC LIMIT 1")
                .params(fixture.org(), eventType)
                .query(String.class)
                .single();
    }

    private long deliveryCount(String organization) {
        return jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ?")
                .param(organization)
                .query(Long.class)
                .single();
    }

    @Test
    void everyEventArrivesSignedWithItsStoredPayloadAndHeaders() throws Exception {
        Models.create(mvc, fixture.org(), "m-" + fixture.org()).andExpect(status().isCreated());
        internal(
                        mvc,
                        patch("/internal/v1/models/m-" + fixture.org())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\":\"finished\",\"finishedAt\":\"2024-01-15T12:00:00Z\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("finished"))
                .andExpect(jsonPath("$.finishedAt").value("2024-01-15T12:00:00.000Z"));
        internal(mvc, post("/internal/v1/models/m-" + fixture.org() + "/photos-ready"))
                .andExpect(status().isOk());
        internal(
                        mvc,
                        post("/internal/v1/models/m-" + fixture.org() + "/favorite")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("""
                                {"photoId": "p-1", "urls": {"preview": "https://cdn.example.com/p.jpg",
                                 "transparent": "https://cdn.example.com/t.png", "pfp": "https://cdn.example.com/f.jpg"},
                                 "expiresAt": "2024-02-15T12:00:00Z"}
                                """))
                .andExpect(status().isOk());
        internal(mvc, delete("/internal/v1/models/m-" + fixture.org())).andExpect(status().isNoContent());

        List<LoggedRequest> requests = fixture.awaitReceived(5);
        fixture.awaitSettled(); // a receiver has its request before the service records the answer
        List<String> types = List.of(
                "model.created",
                "model.status.updated",
                "model.photos_ready",
                "model.favorite_selected",
                "model.deleted");
        for (String type : types) {
            LoggedRequest request = requests.stream()
                    .filter(r -> type.equals(r.getHeader("X-HeadshotPro-Event")))
                    .findFirst()
                    .orElseThrow();
            String body = new String(request.getBody(), StandardCharsets.UTF_8);
            assertThat(body).isEqualTo(storedPayload(type));
            assertThat(Receiver.signatureValid(request, fixture.secret()))
                    .as("signature of " + type)
                    .isTrue();
            assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(request.getHeader("User-Agent")).startsWith("HeadshotPro-Webhooks/");
            assertThat(request.getHeader("X-HeadshotPro-Event-Id")).isEqualTo(JsonPath.read(body, "$.id"));
            assertThat(Long.parseLong(request.getHeader("X-HeadshotPro-Timestamp")))
                    .isCloseTo(Instant.now().getEpochSecond(), within(60L));
            assertThat((String) JsonPath.read(body, "$.event")).isEqualTo(type);
            assertThat((String) JsonPath.read(body, "$.object.organization")).isEqualTo(fixture.org());
            assertThat(fixture.delivery(type))
                    .containsEntry("status", "SUCCEEDED")
                    .containsEntry("attempt_count", 1);
        }
        String favorite = storedPayload("model.favorite_selected");
        assertThat((String) JsonPath.read(favorite, "$.favoritePhoto.urls.transparent"))
                .isEqualTo("https://cdn.example.com/t.png");
        assertThat((String) JsonPath.read(favorite, "$.favoritePhoto.expiresAt"))
                .isEqualTo("2024-02-15T12:00:00.000Z");
        assertThat((String) JsonPath.read(storedPayload("model.deleted"), "$.object.status"))
                .isEqualTo("finished");
    }

    @Test
    void organizationsOnlyReceiveTheirOwnEvents() throws Exception {
        String other = Api.organization(mvc, true);
        String otherPath = "/hooks/" + other;
        fixture.receiver().answerOk(otherPath);
        Api.saveWebhook(mvc, other, fixture.receiver().url(otherPath));

        Models.create(mvc, fixture.org(), "mine-" + fixture.org()).andExpect(status().isCreated());
        Models.create(mvc, other, "theirs-" + other).andExpect(status().isCreated());

        fixture.awaitReceived(1);
        fixture.awaitReceived(otherPath, 1);
        assertThat(deliveryCount(fixture.org()))
                .as("deliveries are made with the event: no more will come")
                .isEqualTo(1);
        assertThat(deliveryCount(other)).isEqualTo(1);
        assertThat(fixture.receiver().received(fixture.path()))
                .hasSize(1)
                .allSatisfy(r ->
                        assertThat(r.getBodyAsString()).contains(fixture.org()).doesNotContain(other));
        assertThat(fixture.receiver().received(otherPath))
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains(other).doesNotContain(fixture.org()));
    }

    @Test
    void failuresClimbTheLadderAndEndFailedWithAWarning(CapturedOutput output) throws Exception {
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(500).withBody("boom"));
        Models.create(mvc, fixture.org(), "fail-" + fixture.org()).andExpect(status().isCreated());

        // The test ladder is 0s,1s,2s,3s: two attempts at once, then one after each delay, which the
        // test jumps over on the service's clock (to when the next attempt is due) instead of waiting.
        fixture.climbLadder(
                () -> "FAILED".equals(fixture.delivery("model.created").get("status")));
        List<LoggedRequest> requests = fixture.receiver().received(fixture.path());
        assertThat(requests).hasSize(5);

        List<Instant> at = fixture.attemptTimes();
        assertThat(Duration.between(at.get(0), at.get(1))).as("immediate retry").isLessThan(Duration.ofMillis(900));
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(at.get(2), at.get(3))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(at.get(3), at.get(4))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(requests)
                .extracting(r -> r.getHeader("X-HeadshotPro-Event-Id"))
                .containsOnly(requests.get(0).getHeader("X-HeadshotPro-Event-Id"));

        Map<String, Object> failed = fixture.delivery("model.created");
        assertThat(failed).containsEntry("attempt_count", 5).containsEntry("last_error", "HTTP 500");
        List<Map<String, Object>> attempts =
                jdbc.sql("""
                        SELECT a.number, a.status_code, a.response FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = ? ORDER BY a.number
                        """).param(fixture.org()).query().listOfRows();
        assertThat(attempts).extracting(a -> a.get("number")).containsExactly(1, 2, 3, 4, 5);
        assertThat(attempts)
                .allSatisfy(a -> assertThat(a).containsEntry("status_code", 500).containsEntry("response", "boom"));
        String eventId = requests.get(0).getHeader("X-HeadshotPro-Event-Id");
        assertThat(output.getAll())
                .containsPattern("WARN.*Delivery failed for good after 5 attempts: event=" + eventId + " organization="
                        + fixture.org() + " host=localhost lastError=HTTP 500")
                .doesNotContain(fixture.secret());
    }

    @Test
    void redirectsClientErrorsTimeoutsAndRefusedConnectionsAreFailures() throws Exception {
        fixture.receiver()
                .answer(
                        fixture.path(),
                        aResponse()
                                .withStatus(302)
                                .withHeader("Location", fixture.receiver().url("/elsewhere")));
        Models.create(mvc, fixture.org(), "r-" + fixture.org()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> lastAttempt("model.created") != null
                        && Integer.valueOf(302)
                                .equals(lastAttempt("model.created").get("status_code")));
        assertThat(fixture.receiver().received("/elsewhere"))
                .as("redirects are not followed")
                .isEmpty();

        fixture.receiver().answer(fixture.path(), aResponse().withStatus(400));
        internal(mvc, post("/internal/v1/models/r-" + fixture.org() + "/photos-ready"))
                .andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> lastAttempt("model.photos_ready") != null
                        && Integer.valueOf(400)
                                .equals(lastAttempt("model.photos_ready").get("status_code")));

        // The first attempt times out; the immediate retry is answered at once, so one timeout is waited.
        fixture.receiver()
                .answerFirst(fixture.path(), aResponse().withStatus(200).withFixedDelay(4000));
        internal(
                        mvc,
                        patch("/internal/v1/models/r-" + fixture.org())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\":\"training\"}"))
                .andExpect(status().isOk());
        await().atMost(Fixture.PATIENCE)
                .until(() -> "SUCCEEDED"
                        .equals(fixture.delivery("model.status.updated").get("status")));
        Map<String, Object> timedOut = attempt("model.status.updated", 1);
        assertThat(timedOut).containsEntry("status_code", null);
        assertThat((String) timedOut.get("error")).startsWith("timeout");
        assertThat((Integer) timedOut.get("duration_ms")).isBetween(900, 2500);

        fixture.receiver().answer(fixture.path(), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        mvc.perform(put("/api/v1/settings/webhook")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org())))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"http://127.0.0.1:" + closedPort + "/nobody-home\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.newSecret").doesNotExist());
        internal(mvc, delete("/internal/v1/models/r-" + fixture.org())).andExpect(status().isNoContent());
        await().atMost(Duration.ofSeconds(20)).until(() -> lastAttempt("model.deleted") != null);
        assertThat((String) lastAttempt("model.deleted").get("error")).startsWith("connection refused");
    }

    private Map<String, Object> attempt(String eventType, int number) {
        return jdbc.sql("""
                        SELECT a.status_code, a.error, a.duration_ms FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = ? AND d.event_type = ? AND a.number = ?
                        """).params(fixture.org(), eventType, number).query().singleRow();
    }

    private Map<String, Object> lastAttempt(String eventType) {
        return jdbc.sql("""
                        SELECT a.status_code, a.error, a.duration_ms FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = ? AND d.event_type = ? ORDER BY a.number DESC LIMIT 1
                        """).params(fixture.org(), eventType).query().listOfRows().stream()
                .findFirst()
                .orElse(null);
    }

    @Test
    void responsesThatPostgresCannotStoreAreStillRecorded() throws Exception {
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(500).withBody("bad\u0000byte"));
        Models.create(mvc, fixture.org(), "nul-" + fixture.org()).andExpect(status().isCreated());
        fixture.climbLadder(
                () -> "FAILED".equals(fixture.delivery("model.created").get("status")));
        assertThat(fixture.receiver().received(fixture.path())).hasSize(5);
        assertThat(lastAttempt("model.created")).containsEntry("status_code", 500);
    }

    @Test
    void retriesAfterRotationAreSignedWithTheNewSecret() throws Exception {
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(503));
        Models.create(mvc, fixture.org(), "rot-" + fixture.org()).andExpect(status().isCreated());
        fixture.awaitReceived(2); // the first attempt and the immediate retry, both failed
        String rotated = JsonPath.read(
                mvc.perform(post("/api/v1/settings/webhook/secret")
                                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org()))))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.secret");
        fixture.receiver().answerOk(fixture.path());

        fixture.climbLadder(
                () -> "SUCCEEDED".equals(fixture.delivery("model.created").get("status")));
        List<LoggedRequest> requests = fixture.awaitReceived(3);
        LoggedRequest retry = fixture.receiver().received(fixture.path()).stream()
                .max(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .orElseThrow();
        assertThat(requests.get(0).getBodyAsString()).isEqualTo(retry.getBodyAsString());
        assertThat(Receiver.signatureValid(retry, rotated)).isTrue();
        assertThat(Receiver.signatureValid(retry, fixture.secret())).isFalse();
    }

    @Test
    void idempotencyKeyReplaysTheFirstResponseWithoutASecondEvent() throws Exception {
        var create = post("/internal/v1/models")
                .header("Idempotency-Key", "create-once")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"organization\":\"" + fixture.org()
                        + "\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"api\",\"status\":\"pending\"}");
        String first = internal(mvc, create)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String second = internal(mvc, create)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(second).isEqualTo(first);
        String id = JsonPath.read(first, "$._id");
        assertThat(id).matches("[0-9a-f]{24}");

        var ready = post("/internal/v1/models/" + id + "/photos-ready").header("Idempotency-Key", "ready-once");
        internal(mvc, ready).andExpect(status().isOk());
        internal(mvc, ready).andExpect(status().isOk());
        internal(
                        mvc,
                        post("/internal/v1/models")
                                .header("Idempotency-Key", "create-once")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"organization\":\"" + fixture.org()
                                                + "\",\"uid\":\"other\",\"title\":\"t\",\"trigger\":\"api\",\"status\":\"pending\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType("application/problem+json"));

        fixture.awaitReceived(2);
        assertThat(deliveryCount(fixture.org()))
                .as("one delivery per event: no more will come")
                .isEqualTo(2);
        assertThat(fixture.receiver().received(fixture.path())).hasSize(2);
        assertThat(jdbc.sql("SELECT count(*) FROM event WHERE organization_id = ?")
                        .param(fixture.org())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM model WHERE organization_id = ?")
                        .param(fixture.org())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void deletingTheWebhookCancelsItsPendingDeliveries() throws Exception {
        fixture.receiver().answer(fixture.path(), aResponse().withStatus(500));
        Models.create(mvc, fixture.org(), "c-" + fixture.org()).andExpect(status().isCreated());
        fixture.awaitReceived(2);
        mvc.perform(delete("/api/v1/settings/webhook")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org()))))
                .andExpect(status().isNoContent());
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        "CANCELLED".equals(fixture.delivery("model.created").get("status")));
        assertThat(fixture.delivery("model.created")).containsEntry("attempt_count", 2);
        assertThat(fixture.receiver().received(fixture.path())).hasSize(2);
    }

    @Test
    void eventsAreKeptButNotSentWithoutEndpointOrApiFeature() throws Exception {
        String disabled = Api.organization(mvc, false);
        Models.create(mvc, disabled, "d-" + disabled).andExpect(status().isCreated());
        String bare = Api.organization(mvc, true);
        Models.create(mvc, bare, "b-" + bare).andExpect(status().isCreated());
        for (String organization : List.of(disabled, bare)) {
            assertThat(jdbc.sql("SELECT count(*) FROM event WHERE organization_id = ?")
                            .param(organization)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ?")
                            .param(organization)
                            .query(Long.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void invalidModelCallsChangeNothing() throws Exception {
        for (String body : List.of(
                "{\"organization\":\"" + fixture.org() + "\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"api\"}",
                "{\"organization\":\"" + fixture.org()
                        + "\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"api\",\"status\":\"x\",\"color\":\"red\"}",
                "{\"_id\":\"bad id\",\"organization\":\"" + fixture.org()
                        + "\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"api\",\"status\":\"x\"}")) {
            internal(
                            mvc,
                            post("/internal/v1/models")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.errors").isArray());
        }
        Models.create(mvc, "no-such-org", "x-" + fixture.org()).andExpect(status().isNotFound());
        internal(mvc, post("/internal/v1/models/nope/photos-ready")).andExpect(status().isNotFound());
        internal(
                        mvc,
                        patch("/internal/v1/models/nope")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\":\"x\"}"))
                .andExpect(status().isNotFound());
        internal(mvc, delete("/internal/v1/models/nope")).andExpect(status().isNotFound());
        Models.create(mvc, fixture.org(), "dup-" + fixture.org()).andExpect(status().isCreated());
        Models.create(mvc, fixture.org(), "dup-" + fixture.org()).andExpect(status().isConflict());
        internal(
                        mvc,
                        post("/internal/v1/models/dup-" + fixture.org() + "/favorite")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"photoId\":\"p\",\"urls\":{\"preview\":\"a\"},\"expiresAt\":\"2024-01-01T00:00:00Z\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors").isArray());
        mvc.perform(post("/internal/v1/models/dup-" + fixture.org() + "/photos-ready")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org()))))
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("SELECT count(*) FROM event WHERE organization_id = ?")
                        .param(fixture.org())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aStatusPatchWithTheSameStatusEmitsNothing() throws Exception {
        Models.create(mvc, fixture.org(), "s-" + fixture.org()).andExpect(status().isCreated());
        internal(
                        mvc,
                        patch("/internal/v1/models/s-" + fixture.org())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\":\"pending\"}"))
                .andExpect(status().isOk());
        assertThat(jdbc.sql("SELECT count(*) FROM event WHERE organization_id = ?")
                        .param(fixture.org())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        OffsetDateTime created = jdbc.sql("SELECT created_at FROM event WHERE organization_id = ?")
                .param(fixture.org())
                .query(OffsetDateTime.class)
                .single();
        assertThat(created).isNotNull();
    }
}
