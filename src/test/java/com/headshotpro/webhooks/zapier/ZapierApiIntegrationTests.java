package com.headshotpro.webhooks.zapier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.failure.InvalidCredentialsException;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Fixture;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
class ZapierApiIntegrationTests {

    @RegisterExtension
    static final Fixture fixture = new Fixture("/zap/");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ZapierService zapierService;

    String key;

    @BeforeEach
    void apiKeyOfTheOrganization() throws Exception {
        key = apiKey(fixture.org());
    }

    private String apiKey(String organization) throws Exception {
        return JsonPath.read(
                mvc.perform(post("/api/v1/settings/api-key")
                                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(organization))))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
    }

    private ResultActions zapier(String apiKey, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("X-API-Key", apiKey));
    }

    private String subscribe(String apiKey, String url, String event) throws Exception {
        return zapier(
                        apiKey,
                        post("/zapier/v1/hooks")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"targetUrl\":\"" + url + "\",\"event\":\"" + event + "\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void meNamesTheOrganizationOfTheKey() throws Exception {
        zapier(key, get("/zapier/v1/me"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json(
                                "{\"organization\":\"" + fixture.org() + "\",\"name\":\"Acme " + fixture.org() + "\"}",
                                true));
        mvc.perform(get("/zapier/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType("application/problem+json"));
        zapier("hsp_wrong", get("/zapier/v1/me")).andExpect(status().isUnauthorized());
        mvc.perform(get("/zapier/v1/me").header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org()))))
                .andExpect(status().isUnauthorized());
        Api.organization(mvc, fixture.org(), false);
        zapier(key, get("/zapier/v1/me"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("API feature not enabled"));
        zapier(
                        key,
                        post("/zapier/v1/hooks")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.created\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aSubscriptionGetsItsEventTypeSignedWithItsOwnSecretUntilUnsubscribed() throws Exception {
        String created = subscribe(key, fixture.receiver().url(fixture.path()), "model.photos_ready");
        String id = JsonPath.read(created, "$.id");
        String secret = JsonPath.read(created, "$.secret");
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat((String) JsonPath.read(created, "$.event")).isEqualTo("model.photos_ready");

        Models.create(mvc, fixture.org(), "z-" + fixture.org()).andExpect(status().isCreated());
        Models.internal(mvc, post("/internal/v1/models/z-" + fixture.org() + "/photos-ready"))
                .andExpect(status().isOk());
        var received = await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.receiver().received(fixture.path()), r -> !r.isEmpty());
        assertThat(deliveriesTo(id))
                .as("only the subscribed event type: no more will come")
                .isEqualTo(1);
        assertThat(fixture.receiver().received(fixture.path())).hasSize(1);
        assertThat(received.getFirst().getHeader("X-HeadshotPro-Event")).isEqualTo("model.photos_ready");
        assertThat(Receiver.signatureValid(received.getFirst(), secret)).isTrue();

        String other = Api.organization(mvc, true);
        zapier(apiKey(other), delete("/zapier/v1/hooks/" + id)).andExpect(status().isNotFound());
        zapier(key, delete("/zapier/v1/hooks/" + id)).andExpect(status().isNoContent());
        zapier(key, delete("/zapier/v1/hooks/" + id)).andExpect(status().isNotFound());
        Models.internal(mvc, post("/internal/v1/models/z-" + fixture.org() + "/photos-ready"))
                .andExpect(status().isOk());
        assertThat(deliveriesTo(id))
                .as("nothing is made for a removed subscription")
                .isEqualTo(1);
        assertThat(fixture.receiver().received(fixture.path())).hasSize(1);
    }

    @Test
    void replacingTheKeyEndsItsSubscriptionsWhileTheNewKeysReceive() throws Exception {
        String oldTarget = "/zap-old/" + fixture.org();
        String newTarget = "/zap-new/" + fixture.org();
        fixture.receiver().answer(oldTarget, aResponse().withStatus(429).withHeader("Retry-After", "3600"));
        fixture.receiver().answerOk(newTarget);
        String old = JsonPath.read(subscribe(key, fixture.receiver().url(oldTarget), "model.created"), "$.id");
        Models.create(mvc, fixture.org(), "k1-" + fixture.org()).andExpect(status().isCreated());
        // Attempted (more than once if an attempt timed out on a busy machine), then waiting out the
        // receiver's Retry-After: pending, and no attempt in flight.
        int attempts = (Integer) await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> deliveryTo(old),
                        d -> d.get("status").equals("PENDING")
                                && d.get("waiting").equals(true))
                .get("attempt_count");

        String newKey = apiKey(fixture.org());

        assertThat(deliveryTo(old))
                .as("the old subscription's pending delivery is cancelled with the key")
                .containsEntry("status", "CANCELLED");
        assertThat(jdbc.sql("SELECT deleted_at IS NOT NULL FROM endpoint WHERE id = ?::uuid")
                        .param(old)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        zapier(key, delete("/zapier/v1/hooks/" + old)).andExpect(status().isUnauthorized());
        zapier(newKey, delete("/zapier/v1/hooks/" + old)).andExpect(status().isNotFound());
        String current = JsonPath.read(subscribe(newKey, fixture.receiver().url(newTarget), "model.created"), "$.id");

        Models.create(mvc, fixture.org(), "k2-" + fixture.org()).andExpect(status().isCreated());
        var received = await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.receiver().received(newTarget), r -> !r.isEmpty());
        assertThat(received.getFirst().getBodyAsString()).contains("k2-" + fixture.org());
        assertThat(deliveriesTo(old))
                .as("no delivery is made for the ended subscription")
                .isEqualTo(1);
        assertThat(fixture.receiver().received(oldTarget)).hasSize(attempts);
        admin(get("/api/v1/zapier/subscriptions"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(current));
    }

    @Test
    void aSubscriptionWithAKeyReplacedAfterItsRequestWasAuthenticatedIsRefused() throws Exception {
        UUID oldKeyId = jdbc.sql("SELECT key_id FROM api_key WHERE organization_id = ?")
                .param(fixture.org())
                .query(UUID.class)
                .single();
        apiKey(fixture.org());
        assertThatThrownBy(() -> zapierService.subscribe(
                        fixture.org(), oldKeyId, fixture.receiver().url("/zap-late/" + fixture.org()), "model.created"))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(liveSubscriptions(fixture.org())).isZero();
    }

    @Test
    void aTeamLeadListsTheLiveSubscriptionsAndRemovesOne() throws Exception {
        String kept = "/zap-kept/" + fixture.org();
        String removed = "/zap-removed/" + fixture.org();
        fixture.receiver().answerOk(kept);
        fixture.receiver().answerOk(removed);
        String first = subscribe(key, fixture.receiver().url(kept), "model.created");
        fixture.clock().advance(Duration.ofMillis(1)); // the second a moment after the first
        String second = subscribe(key, fixture.receiver().url(removed), "model.created");
        String keptId = JsonPath.read(first, "$.id");
        String removedId = JsonPath.read(second, "$.id");

        String listed = admin(get("/api/v1/zapier/subscriptions"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].id").value(keptId))
                .andExpect(jsonPath("$.items[0].event").value("model.created"))
                .andExpect(jsonPath("$.items[0].targetUrl")
                        .value(fixture.receiver().url(kept)))
                .andExpect(jsonPath("$.items[1].id").value(removedId))
                .andReturn()
                .getResponse()
                .getContentAsString();
        Map<String, Object> item = JsonPath.read(listed, "$.items[0]");
        assertThat(item).containsOnlyKeys("id", "event", "targetUrl", "createdAt");
        assertThat(listed)
                .as("no secret in the list")
                .doesNotContain((String) JsonPath.read(first, "$.secret"))
                .doesNotContain((String) JsonPath.read(second, "$.secret"));

        String other = Api.organization(mvc, true);
        mvc.perform(get("/api/v1/zapier/subscriptions")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0));
        mvc.perform(delete("/api/v1/zapier/subscriptions/" + removedId)
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(other))))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"));
        admin(delete("/api/v1/zapier/subscriptions/" + UUID.randomUUID())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/zapier/subscriptions").header("X-API-Key", key))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/zapier/subscriptions")
                        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.user(fixture.org(), "Member"))))
                .andExpect(status().isForbidden());

        admin(delete("/api/v1/zapier/subscriptions/" + removedId)).andExpect(status().isNoContent());
        admin(delete("/api/v1/zapier/subscriptions/" + removedId)).andExpect(status().isNotFound());
        zapier(key, delete("/zapier/v1/hooks/" + removedId)).andExpect(status().isNotFound());
        admin(get("/api/v1/zapier/subscriptions"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(keptId));
        Models.create(mvc, fixture.org(), "rm-" + fixture.org()).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.receiver().received(kept), r -> !r.isEmpty());
        assertThat(deliveriesTo(removedId)).as("nothing more is sent to it").isZero();
        assertThat(fixture.receiver().received(removed)).isEmpty();

        Api.organization(mvc, fixture.org(), false);
        admin(get("/api/v1/zapier/subscriptions"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("API feature not enabled"));
        admin(delete("/api/v1/zapier/subscriptions/" + keptId)).andExpect(status().isForbidden());
    }

    @Test
    void aTargetMustBeOnTheZapierHostsOrTheirSubdomains() throws Exception {
        for (String url : List.of(
                "https://example.com/steal",
                "https://evilhooks.zapier.com/x",
                "https://hooks.zapier.com.example.com/x",
                "https://zapier.com/x")) {
            zapier(
                            key,
                            post("/zapier/v1/hooks")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content("{\"targetUrl\":\"" + url + "\",\"event\":\"model.created\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.errors[0].field").value("targetUrl"));
        }
        assertThat(liveSubscriptions(fixture.org()))
                .as("a refused subscription changes nothing")
                .isZero();
        subscribe(key, "https://sub.hooks.zapier.com/hooks/1", "model.created");
        subscribe(key, "https://HOOKS.Zapier.com./hooks/2", "model.created");
        assertThat(liveSubscriptions(fixture.org())).isEqualTo(2);
    }

    private ResultActions admin(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(fixture.org()))));
    }

    private Map<String, Object> deliveryTo(String endpointId) {
        return jdbc.sql("""
                        SELECT status, attempt_count, next_attempt_at > now() + interval '10 minutes' AS waiting
                          FROM delivery WHERE endpoint_id = ?::uuid
                        """).param(endpointId).query().singleRow();
    }

    private long liveSubscriptions(String organization) {
        return jdbc.sql(
                        "SELECT count(*) FROM endpoint WHERE organization_id = ? AND kind = 'ZAPIER' AND deleted_at IS NULL")
                .param(organization)
                .query(Long.class)
                .single();
    }

    private long deliveriesTo(String endpointId) {
        return jdbc.sql("SELECT count(*) FROM delivery WHERE endpoint_id = ?::uuid")
                .param(endpointId)
                .query(Long.class)
                .single();
    }

    @Test
    void eventsListsTheLatestPayloadsOfTheOrganizationNewestFirst() throws Exception {
        zapier(key, get("/zapier/v1/events").param("event", "model.created"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].event").value("model.created"))
                .andExpect(jsonPath("$[0].object.organization").value(fixture.org()));
        for (int i = 1; i <= 4; i++) {
            fixture.clock().advance(Duration.ofMillis(1)); // each event a moment after the last
            Models.create(mvc, fixture.org(), "e" + i + "-" + fixture.org()).andExpect(status().isCreated());
        }
        String other = Api.organization(mvc, true);
        Models.create(mvc, other, "x-" + other).andExpect(status().isCreated());
        String body = zapier(
                        key,
                        get("/zapier/v1/events").param("event", "model.created").param("limit", "3"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        List<String> ids = JsonPath.read(body, "$[*].object._id");
        assertThat(ids).containsExactly("e4-" + fixture.org(), "e3-" + fixture.org(), "e2-" + fixture.org());
        zapier(key, get("/zapier/v1/events").param("event", "model.bogus")).andExpect(status().isBadRequest());
        zapier(key, get("/zapier/v1/events").param("event", "model.created").param("limit", "0"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void refusesBadSubscriptions() throws Exception {
        for (String body : List.of(
                "{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.unknown\"}",
                "{\"targetUrl\":\"ftp://hooks.zapier.com/x\",\"event\":\"model.created\"}",
                "{\"targetUrl\":\"https://hooks.zapier.com/x\"}",
                "{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.created\",\"extra\":1}")) {
            zapier(
                            key,
                            post("/zapier/v1/hooks")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType("application/problem+json"));
        }
        zapier(key, delete("/zapier/v1/hooks/not-a-uuid")).andExpect(status().isBadRequest());
    }
}
