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

    private Tokens() {}

    public static String teamLead(String organization) {
        return user(organization, "TeamLead");
    }

    public static String user(String organization, String... roles) {
        return sign(
                TEST_KEY,
                new JWTClaimsSet.Builder()
                        .subject("user-" + organization)
                        .claim("org", organization)
                        .claim("roles", List.of(roles))
                        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .build());
    }

    public static String internalService() {
        return sign(
                TEST_KEY,
                new JWTClaimsSet.Builder()
                        .subject("models-service")
                        .claim("scope", "hooks.internal")
                        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .build());
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
