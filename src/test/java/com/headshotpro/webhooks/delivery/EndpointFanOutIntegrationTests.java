package com.headshotpro.webhooks.delivery;

import static com.headshotpro.webhooks.support.Models.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.Fixture.Registered;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;

/**
 * Each endpoint of an organization receives exactly the event types it asked for, through real HTTP
 * receivers, signed with its own secret; the webhook still receives every event.
 */
@IntegrationTest
class EndpointFanOutIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = new Fixture("/fan-out/");

    static final Receiver receiver = fixture.receiver();

    private Registered endpoint(String name, String eventTypes) throws Exception {
        return fixture.withEndpoint(name, "\"eventTypes\":" + eventTypes);
    }

    private static List<String> events(List<LoggedRequest> requests) {
        return requests.stream()
                .map(r -> JsonPath.<String>read(r.getBodyAsString(), "$.event"))
                .sorted()
                .toList();
    }

    @Test
    void threeEndpointsReceiveExactlyTheEventTypesTheyAskedForAndTheWebhookAllOfThem() throws Exception {
        String webhookSecret = fixture.withWebhook();
        Registered created = endpoint("created", "[\"model.created\"]");
        Registered finished = endpoint("finished", "[\"model.photos_ready\",\"model.deleted\"]");
        Registered everything = endpoint("everything", "null");

        String model = "fan-" + fixture.org();
        Models.create(fixture.mvc(), fixture.org(), model).andExpect(status().isCreated());
        internal(
                        fixture.mvc(),
                        patch("/internal/v1/models/" + model)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"status\":\"onboarding\"}"))
                .andExpect(status().isOk());
        internal(fixture.mvc(), post("/internal/v1/models/" + model + "/photos-ready"))
                .andExpect(status().isOk());
        internal(fixture.mvc(), delete("/internal/v1/models/" + model)).andExpect(status().isNoContent());
        fixture.awaitSettled();

        List<String> all = List.of("model.created", "model.deleted", "model.photos_ready", "model.status.updated");
        assertThat(events(fixture.awaitReceived(4))).isEqualTo(all);
        assertThat(events(fixture.awaitReceived(everything.path(), 4))).isEqualTo(all);
        assertThat(events(receiver.received(created.path()))).containsExactly("model.created");
        assertThat(events(receiver.received(finished.path()))).containsExactly("model.deleted", "model.photos_ready");
        assertThat(fixture.deliveries("SUCCEEDED")).isEqualTo(4 + 4 + 1 + 2);

        assertThat(receiver.received(fixture.path())).allMatch(r -> Receiver.signatureValid(r, webhookSecret));
        for (Registered endpoint : List.of(created, finished, everything)) {
            assertThat(receiver.received(endpoint.path()))
                    .as("each endpoint's requests are signed with its own secret")
                    .allMatch(r -> Receiver.signatureValid(r, endpoint.secret()))
                    .noneMatch(r -> Receiver.signatureValid(r, webhookSecret));
        }
    }

    @Test
    void aDisabledOrRemovedEndpointGetsNoDeliveriesAndAChangedFilterAppliesToTheNextEvent() throws Exception {
        Registered filtered = endpoint("filtered", "[\"model.deleted\"]");
        Registered removed = endpoint("removed", "null");
        fixture.lead(delete("/api/v1/endpoints/{id}", removed.id())).andExpect(status().isNoContent());
        fixture.lead(patch("/api/v1/endpoints/{id}", filtered.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"eventTypes\":[\"model.created\"]}"))
                .andExpect(status().isOk());

        Models.create(fixture.mvc(), fixture.org(), "first-" + fixture.org()).andExpect(status().isCreated());
        assertThat(events(fixture.awaitReceived(filtered.path(), 1))).containsExactly("model.created");

        fixture.lead(patch("/api/v1/endpoints/{id}", filtered.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"enabled\":false}"))
                .andExpect(status().isOk());
        Models.create(fixture.mvc(), fixture.org(), "second-" + fixture.org()).andExpect(status().isCreated());
        fixture.awaitSettled();

        assertThat(receiver.received(filtered.path())).hasSize(1);
        assertThat(receiver.received(removed.path())).isEmpty();
        assertThat(fixture.count("SELECT count(*) FROM delivery WHERE organization_id = ?", fixture.org()))
                .as("one delivery, made before the endpoint was disabled")
                .isEqualTo(1);
    }
}
