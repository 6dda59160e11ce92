package com.headshotpro.webhooks.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Mints HS256 tokens the way the web app and internal services do. */
public final class Tokens {

    /** The key of application-test.yml. */
    public static final String TEST_KEY = "test-only-jwt-secret-0123456789abcdef";

    /** The issuer and audience application-test.yml requires. */
    public static final String ISSUER = "https://app.headshotpro.test";

    public static final String AUDIENCE = "headshotpro-webhooks";

    private Tokens() {}

    public static String teamLead(String organization) {
        return user(organization, "TeamLead");
    }

    public static String user(String organization, String... roles) {
        return sign(
                TEST_KEY,
                claims().subject("user-" + organization)
                        .claim("org", organization)
                        .claim("roles", List.of(roles))
                        .build());
    }

    public static String internalService() {
        return sign(
                TEST_KEY,
                claims().subject("models-service")
                        .claim("scope", "hooks.internal")
                        .build());
    }

    /** The claims every good token carries: the issuer, the audience, issued now, valid ten minutes. */
    public static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
    }

    public static String sign(String key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
