package com.headshotpro.webhooks.security;

import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.endpoint.SecretGenerator;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Bad API keys against the real filter chain and Postgres. Every lookup of a presented key goes through
 * {@link CountingApiKeys}, the one way from the filter to the {@code api_key} table, so its count is the
 * number of database queries that keys cost.
 */
@IntegrationTest
@Import(ApiKeyFloodIntegrationTests.Counting.class)
@TestPropertySource(properties = "hooks.security.api-key-failures-per-minute=30")
class ApiKeyFloodIntegrationTests {

    static final String PROBLEM = "application/problem+json";

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {

        @Bean
        @Primary
        CountingApiKeys countingApiKeys(@Qualifier("apiKeyService") ApiKeys keys) {
            return new CountingApiKeys(keys);
        }
    }

    static final class CountingApiKeys implements ApiKeys {

        final AtomicInteger lookups = new AtomicInteger();
        private final ApiKeys delegate;

        CountingApiKeys(ApiKeys delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<IssuedKey> find(String presentedKey) {
            lookups.incrementAndGet();
            return delegate.find(presentedKey);
        }

        @Override
        public boolean holdIfCurrent(UUID keyId) {
            return delegate.holdIfCurrent(keyId);
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    CountingApiKeys apiKeys;

    @Autowired
    SettableClock clock;

    String org;
    String key;

    @BeforeEach
    void organizationWithApiKey() throws Exception {
        org = Api.organization(mvc, true);
        key = JsonPath.read(
                mvc.perform(post("/api/v1/settings/api-key")
                                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org))))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
        apiKeys.lookups.set(0);
    }

    private ResultActions me(String apiKey, String address) throws Exception {
        return mvc.perform(get("/zapier/v1/me").header("X-API-Key", apiKey).with(request -> {
            request.setRemoteAddr(address);
            return request;
        }));
    }

    @Test
    void aKeyNotOfTheIssuedFormIsRefusedWithoutAQuery() throws Exception {
        String wellFormed = SecretGenerator.apiKey();
        for (String malformed : List.of(
                "",
                "hsp_wrong",
                "x".repeat(ApiKeys.LENGTH),
                key + "A",
                key.substring(0, key.length() - 1),
                "hsk_" + key.substring(4),
                key.substring(0, 20) + "%" + key.substring(21),
                "' OR 1=1 --")) {
            me(malformed, "198.51.100.1")
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentType(PROBLEM))
                    .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "X-API-Key"));
        }
        assertThat(apiKeys.lookups).hasValue(0);

        me(wellFormed, "198.51.100.1").andExpect(status().isUnauthorized());
        me(wellFormed, "198.51.100.2").andExpect(status().isUnauthorized());
        assertThat(apiKeys.lookups)
                .as("a refused key is remembered, by every address")
                .hasValue(1);

        me(key, "198.51.100.1")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.organization").value(org));
    }

    @Test
    void aFloodOfBadKeysFromOneAddressIsCutOffBeforeAnyQueryAndOthersGoOn() throws Exception {
        int allowance = 30; // a minute's, refilled at one per 2 s while the flood runs
        long started = System.nanoTime();
        int unauthorized = 0;
        for (int i = 0; i < 200; i++) {
            int status = me(SecretGenerator.apiKey(), "203.0.113.66")
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).isIn(401, 429);
            unauthorized += status == 401 ? 1 : 0;
        }
        long refilled = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 2 + 1;
        assertThat(unauthorized).isBetween(allowance, allowance + (int) refilled);
        assertThat(apiKeys.lookups)
                .as("one query for each key within the allowance, none after it")
                .hasValue(unauthorized);

        int lookups = apiKeys.lookups.get();
        me(SecretGenerator.apiKey(), "203.0.113.66")
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(header().exists(HttpHeaders.RETRY_AFTER))
                .andExpect(jsonPath("$.title").value("Too many requests"))
                .andExpect(jsonPath("$.status").value(429));
        long retryAfter = Long.parseLong(me(key, "203.0.113.66")
                .andExpect(status().isTooManyRequests())
                .andReturn()
                .getResponse()
                .getHeader(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(apiKeys.lookups).hasValue(lookups);

        me(key, "203.0.113.67")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.organization").value(org));
        me(key, "2001:db8:99::1").andExpect(status().isOk());
        // a key that authenticated lately is looked up, not held back, at the address that is cut off (callers
        // behind one address, as Zapier's are, go on while one of them fails); a bad key there still is not
        me(key, "203.0.113.66").andExpect(status().isOk());
        me(SecretGenerator.apiKey(), "203.0.113.66").andExpect(status().isTooManyRequests());
        assertThat(apiKeys.lookups).hasValue(lookups + 3);

        clock.advance(Duration.ofSeconds(retryAfter));
        me(key, "203.0.113.66").andExpect(status().isOk());
    }
}
