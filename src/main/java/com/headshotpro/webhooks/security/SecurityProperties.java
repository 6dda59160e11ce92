package com.headshotpro.webhooks.security;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Keys of the service and what a caller's credentials must satisfy. Without a JWT key (or JWK set URI)
 * and an encryption key the service refuses to start, and so it does with a placeholder or guessable key
 * ({@link KeyPolicy}); the {@code dev} profile brings public development keys and says so loudly.
 *
 * @param jwtSecret HS256 key shared with the token issuer, at least 32 bytes
 * @param jwkSetUri JWK set of an RS256 issuer, used for tokens whose header says RS256
 * @param encryptionKey base64 of the 32-byte AES-256-GCM key that encrypts webhook secrets at rest
 * @param jwt what every token must carry, whichever key signed it
 * @param apiKeyFailuresPerMinute failed API key authentications a client address may make a minute (per
 *     replica) before it gets 429
 */
@Validated
@ConfigurationProperties("hooks.security")
public record SecurityProperties(
        @Nullable String jwtSecret,
        @Nullable String jwkSetUri,
        @Nullable String encryptionKey,
        JwtProperties jwt,
        @Min(1) int apiKeyFailuresPerMinute) {

    @ConstructorBinding
    public SecurityProperties(
            @Nullable String jwtSecret,
            @Nullable String jwkSetUri,
            @Nullable String encryptionKey,
            @DefaultValue JwtProperties jwt,
            @DefaultValue("30") int apiKeyFailuresPerMinute) {
        this.jwtSecret = jwtSecret;
        this.jwkSetUri = jwkSetUri;
        this.encryptionKey = encryptionKey;
        this.jwt = jwt;
        this.apiKeyFailuresPerMinute = apiKeyFailuresPerMinute;
    }

    /** The keys alone, every other setting at its default. */
    public SecurityProperties(@Nullable String jwtSecret, @Nullable String jwkSetUri, @Nullable String encryptionKey) {
        this(
                jwtSecret,
                jwkSetUri,
                encryptionKey,
                new JwtProperties(null, null, JwtProperties.DEFAULT_MAX_LIFETIME),
                30);
    }

    /**
     * {@code hooks.security.jwt.*}: what every token must carry.
     *
     * @param issuer when set, the {@code iss} every token must name
     * @param audience when set, what every token's {@code aud} must contain
     * @param maxLifetime the longest {@code exp - iat} a token may have; every token must carry {@code iat}
     */
    public record JwtProperties(
            @Nullable String issuer,
            @Nullable String audience,
            @DefaultValue("24h") Duration maxLifetime) {

        static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
    }

    @Override
    public String toString() {
        return "SecurityProperties[jwtSecret=" + mask(jwtSecret) + ", jwkSetUri=" + jwkSetUri + ", encryptionKey="
                + mask(encryptionKey) + ", jwt=" + jwt + ", apiKeyFailuresPerMinute=" + apiKeyFailuresPerMinute
                + "]";
    }

    private static String mask(@Nullable String value) {
        return value == null || value.isBlank() ? "<unset>" : "<set>";
    }
}
