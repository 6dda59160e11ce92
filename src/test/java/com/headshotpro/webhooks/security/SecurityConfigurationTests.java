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
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class SecurityConfigurationTests {

    private final SecurityConfiguration configuration = new SecurityConfiguration();

    @Test
    void refusesToStartWithoutAJwtKey() {
        assertThatThrownBy(() -> configuration.jwtDecoder(new SecurityProperties(null, null, "x"), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HOOKS_SECURITY_JWT_SECRET")
                .hasMessageContaining("refusing to start");
        assertThatThrownBy(() ->
                        configuration.jwtDecoder(new SecurityProperties("too-short", null, "x"), Clock.systemUTC()))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void acceptsItsOwnHs256TokensOnlyWithAnExpiry() {
        JwtDecoder decoder =
                configuration.jwtDecoder(new SecurityProperties(Tokens.TEST_KEY, null, null), Clock.systemUTC());
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

    @Test
    void mapsRolesAndScopesToAuthorities() {
        JwtDecoder decoder =
                configuration.jwtDecoder(new SecurityProperties(Tokens.TEST_KEY, null, null), Clock.systemUTC());
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
                    new SecurityProperties(Tokens.TEST_KEY, issuer.url("/jwks"), null), Clock.systemUTC());
            SignedJWT rs256 = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    new JWTClaimsSet.Builder()
                            .claim("org", "acme")
                            .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                            .build());
            rs256.sign(new RSASSASigner(key));
            assertThat(decoder.decode(rs256.serialize()).getClaimAsString("org"))
                    .isEqualTo("acme");
            assertThat(decoder.decode(Tokens.teamLead("acme")).getClaimAsString("org"))
                    .isEqualTo("acme");
            assertThatThrownBy(() -> decoder.decode("not.a.token")).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void propertiesNeverPrintTheirKeys() {
        assertThat(new SecurityProperties(Tokens.TEST_KEY, null, "c2VjcmV0").toString())
                .doesNotContain(Tokens.TEST_KEY)
                .doesNotContain("c2VjcmV0");
    }
}
