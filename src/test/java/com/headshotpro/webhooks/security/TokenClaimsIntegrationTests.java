package com.headshotpro.webhooks.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Tokens;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

/** The test profile requires an issuer and an audience, as docker-compose.yml does: tokens through HTTP. */
@IntegrationTest
class TokenClaimsIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Test
    void aTokenSignedWithTheKeyButNotMeantForThisServiceIsA401Problem() throws Exception {
        String org = Api.organization(mvc, true);
        Instant now = Instant.now();
        List<JWTClaimsSet.Builder> refused = List.of(
                Tokens.claims().issuer("https://another-app.example"),
                Tokens.claims().audience("another-service"),
                Tokens.claims().issueTime(null),
                Tokens.claims().expirationTime(Date.from(now.plus(Duration.ofDays(36_525)))));
        for (JWTClaimsSet.Builder claims : refused) {
            String token = Tokens.sign(
                    Tokens.TEST_KEY,
                    claims.claim("org", org).claim("roles", List.of("TeamLead")).build());
            for (int i = 0; i < 2; i++) {
                mvc.perform(get("/api/v1/settings").header(HttpHeaders.AUTHORIZATION, Tokens.bearer(token)))
                        .andExpect(status().isUnauthorized())
                        .andExpect(content().contentType("application/problem+json"))
                        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
                        .andExpect(jsonPath("$.detail").value("Missing or invalid credentials"));
            }
        }
        mvc.perform(get("/api/v1/settings").header(HttpHeaders.AUTHORIZATION, Tokens.bearer(Tokens.teamLead(org))))
                .andExpect(status().isOk());
    }
}
