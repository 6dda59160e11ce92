package com.headshotpro.webhooks.model;

import static com.headshotpro.webhooks.support.Models.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * {@code POST /internal/v1/models/batch}: up to 500 models, all or none, each with its own event. Only the
 * test of delivery saves a webhook: the others' events (500 of them in one) are not sent anywhere.
 */
@IntegrationTest
class BatchIngestIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = new Fixture("/batch/");

    @Autowired
    MockMvc mvc;

    private static String model(String id, String title) {
        return """
                {%s"organization": "%s", "uid": "u", "title": "%s", "trigger": "api", "status": "pending"}""".formatted(id == null ? "" : "\"_id\": \"" + id + "\", ", fixture.org(), title);
    }

    private ResultActions batch(List<String> models, String... idempotencyKey) throws Exception {
        var request = post("/internal/v1/models/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"models\": [" + String.join(",", models) + "]}");
        if (idempotencyKey.length > 0) {
            request.header("Idempotency-Key", idempotencyKey[0]);
        }
        return internal(mvc, request);
    }

    private static long count(String table) {
        return fixture.count("SELECT count(*) FROM " + table + " WHERE organization_id = ?", fixture.org());
    }

    @Test
    void createsEveryModelInOrderEachWithItsOwnEventDelivered() throws Exception {
        fixture.withWebhook();
        String body = batch(List.of(model("b1-" + fixture.org(), "First"), model(null, "Second"), model(null, "Third")))
                .andExpect(status().isCreated())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andReturn()
                .getResponse()
                .getContentAsString();
        List<String> titles = JsonPath.read(body, "$.models[*].title");
        assertThat(titles).containsExactly("First", "Second", "Third");
        List<String> ids = JsonPath.read(body, "$.models[*]._id");
        assertThat(ids.getFirst()).isEqualTo("b1-" + fixture.org());
        assertThat(ids.subList(1, 3)).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{24}"));
        assertThat(count("model")).isEqualTo(3);
        assertThat(count("event")).isEqualTo(3);

        fixture.awaitReceived(3);
        fixture.awaitSettled();
        assertThat(fixture.deliveries("SUCCEEDED")).as("one delivery an event").isEqualTo(3);
        // What the receiver got: each event once, or again after an attempt that timed out (a loaded machine).
        var received = fixture.receiver().received(fixture.path());
        assertThat(received).extracting(r -> r.getHeader("X-HeadshotPro-Event")).containsOnly("model.created");
        assertThat(received.stream()
                        .map(r -> r.getHeader("X-HeadshotPro-Event-Id"))
                        .collect(Collectors.toSet()))
                .hasSize(3);
        assertThat(received.stream()
                        .map(r -> (String) JsonPath.read(r.getBodyAsString(), "$.object._id"))
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void anInvalidElementIsNamedAndNothingIsWritten() throws Exception {
        batch(List.of(model(null, "ok"), model(null, "a\\u0000b")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("models[1].title"));
        batch(List.of(model("dup-" + fixture.org(), "a"), model(null, "b"), model("dup-" + fixture.org(), "c")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("models[2]._id"));
        internal(
                        mvc,
                        post("/internal/v1/models/batch")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"models\": [{\"organization\": \"" + fixture.org() + "\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("models[0].uid")));
        batch(List.of())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("models"));
        batch(IntStream.range(0, 501).mapToObj(i -> model(null, "t")).toList())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("models"));
        assertThat(count("model")).isZero();
        assertThat(count("event")).isZero();
    }

    @Test
    void aTakenIdOrAnUnknownOrganizationFailsTheWholeBatch() throws Exception {
        batch(List.of(model("taken-" + fixture.org(), "a"))).andExpect(status().isCreated());
        batch(List.of(model(null, "b"), model("taken-" + fixture.org(), "c"))).andExpect(status().isConflict());
        batch(List.of(model(null, "d"), """
                        {"organization": "no-such-org", "uid": "u", "title": "t", "trigger": "api", "status": "p"}""")).andExpect(status().isNotFound());
        assertThat(count("model")).isOne();
        assertThat(count("event")).isOne();
    }

    @Test
    void anIdempotencyKeyReplaysTheWholeBatchWithoutNewEvents() throws Exception {
        List<String> models = List.of(model(null, "x"), model(null, "y"));
        String first = batch(models, "batch-once")
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String second = batch(models, "batch-once")
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(second).isEqualTo(first);
        assertThat(count("event")).isEqualTo(2);
        batch(List.of(model(null, "z")), "batch-once").andExpect(status().isConflict());
    }

    @Test
    void aFullBatchMayBeUpToAMebibyte() throws Exception {
        String title = "t".repeat(490);
        batch(IntStream.range(0, 500).mapToObj(i -> model(null, title)).toList())
                .andExpect(status().isCreated());
        assertThat(count("event")).isEqualTo(500);
        String huge = "u".repeat(200);
        var tooLarge = IntStream.range(0, 500)
                .mapToObj(i ->
                        "{\"organization\": \"" + fixture.org() + "\", \"uid\": \"" + huge + "\", \"title\": \"" + title
                                + "\", " + "\"trigger\": \"" + huge + "\", \"status\": \"pending\", \"_id\": \""
                                + "i".repeat(60) + i + "\"}")
                .toList();
        String body = "{\"models\": [" + String.join(",", tooLarge) + "]}";
        assertThat(body.length()).isGreaterThan(1024 * 512);
        String doubled = "{\"models\": [" + String.join(",", tooLarge) + "," + String.join(",", tooLarge) + "]}";
        internal(
                        mvc,
                        post("/internal/v1/models/batch")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(doubled))
                .andExpect(status().isContentTooLarge());
    }
}
