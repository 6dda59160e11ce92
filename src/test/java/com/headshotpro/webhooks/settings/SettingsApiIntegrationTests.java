package com.headshotpro.webhooks.settings;

import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SettingsApiIntegrationTests {

    private static final String PROBLEM = "application/problem+json";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    String org;

    @BeforeEach
    void organization() throws Exception {
        org = Api.organization(mvc, true);
    }

    private ResultActions as(String token, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, bearer(token)));
    }

    private ResultActions saveUrl(String url) throws Exception {
        return as(
                Tokens.teamLead(org),
                put("/api/v1/settings/webhook")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"" + url + "\"}"));
    }

    @Test
    void newOrganizationHasNothingConfigured() throws Exception {
        as(Tokens.teamLead(org), get("/api/v1/settings"))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        {"organization": "%s", "apiEnabled": true,
                         "webhook": {"url": null, "secret": {"exists": false, "createdAt": null}, "disabled": null},
                         "apiKey": {"exists": false, "createdAt": null},
                         "zapier": {"connectUrl": "https://zapier.com/apps/headshotpro/integrations"}}
                        """.formatted(org), true));
    }

    @Test
    void firstSaveMakesTheSecretAndShowsItOnce(CapturedOutput output) throws Exception {
        String first = saveUrl("https://hooks.example.com/a")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("https://hooks.example.com/a"))
                .andExpect(jsonPath("$.secret.exists").value(true))
                .andExpect(jsonPath("$.secret.createdAt").isNotEmpty())
                .andExpect(jsonPath("$.newSecret").isString())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String secret = JsonPath.read(first, "$.newSecret");
        assertThat(secret).matches("[0-9a-f]{64}");
        byte[] stored = storedCiphertext();

        String second = saveUrl("https://hooks.example.com/b")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("https://hooks.example.com/b"))
                .andExpect(jsonPath("$.newSecret").doesNotExist())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String settings = as(Tokens.teamLead(org), get("/api/v1/settings"))
                .andExpect(jsonPath("$.webhook.url").value("https://hooks.example.com/b"))
                .andExpect(jsonPath("$.webhook.secret.exists").value(true))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(storedCiphertext()).as("a later save keeps the secret").isEqualTo(stored);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);
        assertThat(second + settings).doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void regeneratingReplacesTheSecretAtOnce(CapturedOutput output) throws Exception {
        String original = JsonPath.read(
                saveUrl("https://hooks.example.com/a").andReturn().getResponse().getContentAsString(), "$.newSecret");
        byte[] before = storedCiphertext();
        String body = as(Tokens.teamLead(org), post("/api/v1/settings/webhook/secret"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secret").isString())
                .andExpect(jsonPath("$.createdAt").isNotEmpty())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String regenerated = JsonPath.read(body, "$.secret");
        assertThat(regenerated).matches("[0-9a-f]{64}").isNotEqualTo(original);
        assertThat(storedCiphertext()).isNotEqualTo(before);
        assertThat(output.getAll()).doesNotContain(regenerated).doesNotContain(original);
    }

    @Test
    void regeneratingWithoutAWebhookIsNotFound() throws Exception {
        as(Tokens.teamLead(org), post("/api/v1/settings/webhook/secret"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM));
    }

    @Test
    void deletingTheWebhookForgetsUrlAndSecret() throws Exception {
        saveUrl("https://hooks.example.com/a").andExpect(status().isOk());
        as(Tokens.teamLead(org), delete("/api/v1/settings/webhook")).andExpect(status().isNoContent());
        as(Tokens.teamLead(org), get("/api/v1/settings"))
                .andExpect(jsonPath("$.webhook.url").isEmpty())
                .andExpect(jsonPath("$.webhook.secret.exists").value(false));
        as(Tokens.teamLead(org), delete("/api/v1/settings/webhook"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(PROBLEM));
        saveUrl("https://hooks.example.com/again")
                .andExpect(jsonPath("$.newSecret").isString());
    }

    @Test
    void apiKeyIsShownOnceAndStoredAsAHash(CapturedOutput output) throws Exception {
        String body = as(Tokens.teamLead(org), post("/api/v1/settings/api-key"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.createdAt").isNotEmpty())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String key = JsonPath.read(body, "$.apiKey");
        assertThat(key).startsWith("hsp_").hasSizeGreaterThanOrEqualTo(4 + 43);
        String stored = jdbc.sql("SELECT key_hash FROM api_key WHERE organization_id = ?")
                .param(org)
                .query(String.class)
                .single();
        assertThat(stored).isEqualTo(DigestUtils.sha256Hex(key)).doesNotContain(key);
        String settings = as(Tokens.teamLead(org), get("/api/v1/settings"))
                .andExpect(jsonPath("$.apiKey.exists").value(true))
                .andExpect(jsonPath("$.apiKey.createdAt").isNotEmpty())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(settings).doesNotContain(key);

        String replaced = JsonPath.read(
                as(Tokens.teamLead(org), post("/api/v1/settings/api-key"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
        assertThat(replaced).isNotEqualTo(key);
        mvc.perform(get("/zapier/v1/me").header("X-API-Key", key)).andExpect(status().isUnauthorized());
        mvc.perform(get("/zapier/v1/me").header("X-API-Key", replaced)).andExpect(status().isOk());
        assertThat(output.getAll()).doesNotContain(key).doesNotContain(replaced);
    }

    @Test
    void refusesInvalidUrlsWithAProblemNamingTheFieldAndChangesNothing() throws Exception {
        saveUrl("https://hooks.example.com/kept").andExpect(status().isOk());
        byte[] before = storedCiphertext();
        for (String url : List.of("ftp://hooks.example.com/", "https://user@hooks.example.com/", "not a url", "")) {
            saveUrl(url)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(jsonPath("$.title").value("Invalid request"))
                    .andExpect(jsonPath("$.errors[0].field").value("url"));
        }
        as(Tokens.teamLead(org), get("/api/v1/settings"))
                .andExpect(jsonPath("$.webhook.url").value("https://hooks.example.com/kept"));
        assertThat(storedCiphertext()).isEqualTo(before);
    }

    @Test
    void rejectsMalformedUnknownOversizedAndMistypedBodies() throws Exception {
        as(
                        Tokens.teamLead(org),
                        put("/api/v1/settings/webhook")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"url\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM));
        as(
                        Tokens.teamLead(org),
                        put("/api/v1/settings/webhook")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"url\":\"https://hooks.example.com/\",\"secret\":\"mine\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value("secret"));
        as(
                        Tokens.teamLead(org),
                        put("/api/v1/settings/webhook")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"url\":\"https://hooks.example.com/" + "a".repeat(70_000) + "\"}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(PROBLEM));
        as(
                        Tokens.teamLead(org),
                        put("/api/v1/settings/webhook")
                                .contentType(MediaType.TEXT_PLAIN)
                                .content("https://hooks.example.com/"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(PROBLEM));
        as(Tokens.teamLead(org), get("/api/v1/settings"))
                .andExpect(jsonPath("$.webhook.url").isEmpty());
    }

    @Test
    void authorizationMatrix() throws Exception {
        String other = Api.organization(mvc, true);
        String disabled = Api.organization(mvc, false);
        saveUrl("https://hooks.example.com/mine").andExpect(status().isOk());

        mvc.perform(get("/api/v1/settings"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(PROBLEM));
        String forged = Tokens.sign(
                "another-key-that-is-long-enough-to-sign-hs256",
                new JWTClaimsSet.Builder()
                        .claim("org", org)
                        .claim("roles", List.of("TeamLead"))
                        .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                        .build());
        as(forged, get("/api/v1/settings"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(PROBLEM));
        String expired = Tokens.sign(
                Tokens.TEST_KEY,
                new JWTClaimsSet.Builder()
                        .claim("org", org)
                        .claim("roles", List.of("TeamLead"))
                        .expirationTime(Date.from(Instant.now().minusSeconds(600)))
                        .build());
        as(expired, get("/api/v1/settings")).andExpect(status().isUnauthorized());
        as("not-a-jwt", get("/api/v1/settings")).andExpect(status().isUnauthorized());

        String noOrganization = Tokens.sign(
                Tokens.TEST_KEY,
                Tokens.claims().claim("roles", List.of("TeamLead")).build());
        as(noOrganization, get("/api/v1/settings"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(PROBLEM));
        as(Tokens.user(org, "Member"), get("/api/v1/settings"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(PROBLEM));
        as(Tokens.internalService(), get("/api/v1/settings")).andExpect(status().isForbidden());
        as(
                        Tokens.teamLead(org),
                        put("/internal/v1/organizations/{id}", org)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"x\",\"apiEnabled\":true}"))
                .andExpect(status().isForbidden());

        as(Tokens.teamLead(other), get("/api/v1/settings"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.organization").value(other))
                .andExpect(jsonPath("$.webhook.url").isEmpty());
        as(Tokens.teamLead(other), delete("/api/v1/settings/webhook")).andExpect(status().isNotFound());
        as(Tokens.teamLead(org), get("/api/v1/settings"))
                .andExpect(jsonPath("$.webhook.url").value("https://hooks.example.com/mine"));

        for (var request : List.of(
                get("/api/v1/settings"),
                put("/api/v1/settings/webhook")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"https://hooks.example.com/\"}"),
                delete("/api/v1/settings/webhook"),
                post("/api/v1/settings/webhook/secret"),
                post("/api/v1/settings/api-key"),
                get("/api/v1/webhooks/deliveries"),
                get("/api/v1/webhooks/deliveries/1"),
                post("/api/v1/webhooks/deliveries/1/redeliver"),
                post("/api/v1/webhooks/test"),
                post("/api/v1/webhooks/replay")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"since\":\"2026-01-01T00:00:00Z\"}"))) {
            as(Tokens.teamLead(disabled), request)
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(jsonPath("$.title").value("API feature not enabled"));
        }
        as(Tokens.teamLead("never-heard-of"), get("/api/v1/settings")).andExpect(status().isForbidden());
        assertThat(jdbc.sql("SELECT count(*) FROM endpoint WHERE organization_id = ?")
                        .param(disabled)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM api_key WHERE organization_id = ?")
                        .param(disabled)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void internalApiUpsertsOrganizationsAndValidatesThem() throws Exception {
        String id = Api.newOrganizationId();
        as(
                        Tokens.internalService(),
                        put("/internal/v1/organizations/{id}", id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"Acme\",\"apiEnabled\":false}"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"id\":\"" + id + "\",\"name\":\"Acme\",\"apiEnabled\":false}", true));
        as(Tokens.teamLead(id), get("/api/v1/settings")).andExpect(status().isForbidden());
        as(
                        Tokens.internalService(),
                        put("/internal/v1/organizations/{id}", id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"Acme Inc\",\"apiEnabled\":true}"))
                .andExpect(jsonPath("$.name").value("Acme Inc"));
        as(Tokens.teamLead(id), get("/api/v1/settings")).andExpect(status().isOk());

        for (String body : List.of(
                "{\"name\":\"\",\"apiEnabled\":true}",
                "{\"name\":\"x\"}",
                "{\"name\":\"x\",\"apiEnabled\":\"maybe\"}")) {
            as(
                            Tokens.internalService(),
                            put("/internal/v1/organizations/{id}", id)
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(jsonPath("$.errors").isArray());
        }
        as(
                        Tokens.internalService(),
                        put("/internal/v1/organizations/{id}", "bad id!")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"x\",\"apiEnabled\":true}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM));
        as(Tokens.teamLead(id), get("/api/v1/settings"))
                .andExpect(jsonPath("$.apiEnabled").value(true));
    }

    private byte[] storedCiphertext() {
        return jdbc.sql("SELECT secret_ciphertext FROM endpoint WHERE organization_id = ? AND deleted_at IS NULL")
                .param(org)
                .query(byte[].class)
                .single();
    }
}
