package com.headshotpro.webhooks.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.Tokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class SecurityConfigurationTests {

    private final SecurityConfiguration configuration = new SecurityConfiguration();

    @Test
    void refusesToStartWithoutAJwtKey() {
        assertThatThrownBy(() -> configuration.jwtDecoder(new SecurityProperties(null, null, "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HOOKS_SECURITY_JWT_SECRET")
                .hasMessageContaining("refusing to start");
        assertThatThrownBy(() -> configuration.jwtDecoder(new SecurityProperties("too-short", null, "x")))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void acceptsItsOwnHs256TokensOnlyWithAnExpiry() {
        JwtDecoder decoder = configuration.jwtDecoder(new SecurityProperties(Tokens.TEST_KEY, null, null));
        assertThat(decoder.decode(Tokens.teamLead("acme")).getClaimAsString("org"))
                .isEqualTo("acme");

        String noExpiry = Tokens.sign(
                Tokens.TEST_KEY, new JWTClaimsSet.Builder().claim("org", "acme").build());
        assertThatThrownBy(() -> decoder.decode(noExpiry)).isInstanceOf(JwtException.class);
        String otherKey = Tokens.sign(
                "another-key-that-is-long-enough-for-hs256!",
                new JWTClaimsSet.Builder()
                        .claim("org", "acme")
                        .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                        .build());
        assertThatThrownBy(() -> decoder.decode(otherKey)).isInstanceOf(JwtException.class);
    }

    private static final SecurityProperties WITH_CLAIMS = new SecurityProperties(
            Tokens.TEST_KEY,
            null,
            null,
            new SecurityProperties.JwtProperties(Tokens.ISSUER, Tokens.AUDIENCE, Duration.ofHours(24)),
            30);

    @Test
    void withAnIssuerAndAnAudienceEveryTokenMustCarryThemAndLiveAtMostTheMaximum() {
        JwtDecoder decoder = configuration.jwtDecoder(WITH_CLAIMS);
        assertThat(decoder.decode(Tokens.teamLead("acme")).getClaimAsString("org"))
                .isEqualTo("acme");

        Instant now = Instant.now();
        assertRefused(decoder, Tokens.claims().issuer("https://elsewhere.example"));
        assertRefused(decoder, Tokens.claims().issuer(null));
        assertRefused(decoder, Tokens.claims().audience("another-service"));
        assertRefused(decoder, Tokens.claims().audience((String) null));
        assertRefused(decoder, Tokens.claims().issueTime(null));
        assertRefused(decoder, Tokens.claims().expirationTime(Date.from(now.plus(Duration.ofDays(36_525)))));
        assertRefused(
                decoder,
                Tokens.claims()
                        .issueTime(Date.from(now.plus(Duration.ofDays(36_500))))
                        .expirationTime(
                                Date.from(now.plus(Duration.ofDays(36_500)).plusSeconds(60))));
        assertThat(decoder.decode(Tokens.sign(
                                Tokens.TEST_KEY,
                                Tokens.claims()
                                        .audience(List.of("another-service", Tokens.AUDIENCE))
                                        .issueTime(Date.from(now.minus(Duration.ofHours(23))))
                                        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                                        .claim("org", "acme")
                                        .build()))
                        .getClaimAsString("org"))
                .as("an audience among others, a lifetime of exactly 24 h")
                .isEqualTo("acme");
    }

    @Test
    void withoutAnIssuerOrAudienceTokensStillNeedAnIatAndABoundedLifetime() {
        JwtDecoder decoder = configuration.jwtDecoder(new SecurityProperties(Tokens.TEST_KEY, null, null));
        assertThat(decoder.decode(Tokens.sign(
                                Tokens.TEST_KEY,
                                Tokens.claims()
                                        .issuer("anyone")
                                        .audience("anything")
                                        .claim("org", "acme")
                                        .build()))
                        .getClaimAsString("org"))
                .isEqualTo("acme");
        assertRefused(decoder, Tokens.claims().issueTime(null));
        assertRefused(
                decoder, Tokens.claims().expirationTime(Date.from(Instant.now().plus(Duration.ofHours(25)))));
    }

    /** A refused token stays refused: the cache in front of the verifier remembers only tokens that passed. */
    private static void assertRefused(JwtDecoder decoder, JWTClaimsSet.Builder claims) {
        String token = Tokens.sign(Tokens.TEST_KEY, claims.claim("org", "acme").build());
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void mapsRolesAndScopesToAuthorities() {
        JwtDecoder decoder = configuration.jwtDecoder(new SecurityProperties(Tokens.TEST_KEY, null, null));
        var converter = SecurityConfiguration.authenticationConverter();
        assertThat(converter
                        .convert(decoder.decode(Tokens.user("acme", "TeamLead", "Member")))
                        .getAuthorities())
                .extracting(Object::toString)
                .contains("ROLE_TeamLead", "ROLE_Member");
        assertThat(converter.convert(decoder.decode(Tokens.internalService())).getAuthorities())
                .extracting(Object::toString)
                .contains("SCOPE_hooks.internal")
                .doesNotContain("ROLE_TeamLead");
    }

    @Test
    void acceptsRs256TokensFromAJwkSetBesideHs256Ones() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        try (Receiver issuer = new Receiver()) {
            issuer.server()
                    .stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
            JwtDecoder decoder = configuration.jwtDecoder(
                    new SecurityProperties(Tokens.TEST_KEY, issuer.url("/jwks"), null, WITH_CLAIMS.jwt(), 30));
            assertThat(decoder.decode(rs256(key, Tokens.claims())).getClaimAsString("org"))
                    .isEqualTo("acme");
            assertThat(decoder.decode(Tokens.teamLead("acme")).getClaimAsString("org"))
                    .isEqualTo("acme");
            assertThatThrownBy(() -> decoder.decode("not.a.token")).isInstanceOf(JwtException.class);

            for (JWTClaimsSet.Builder refused : List.of(
                    Tokens.claims().audience("another-service"),
                    Tokens.claims().issuer("https://elsewhere.example"),
                    Tokens.claims().issueTime(null),
                    Tokens.claims().expirationTime(Date.from(Instant.now().plus(Duration.ofDays(36_525)))))) {
                String token = rs256(key, refused);
                assertThatThrownBy(() -> decoder.decode(token))
                        .as("RS256 tokens are held to the same claims")
                        .isInstanceOf(JwtException.class);
            }
        }
    }

    private static String rs256(RSAKey key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                claims.claim("org", "acme").build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void propertiesNeverPrintTheirKeys() {
        assertThat(new SecurityProperties(Tokens.TEST_KEY, null, "c2VjcmV0").toString())
                .doesNotContain(Tokens.TEST_KEY)
                .doesNotContain("c2VjcmV0");
    }
}
