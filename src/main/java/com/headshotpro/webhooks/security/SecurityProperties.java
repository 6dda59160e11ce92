package com.headshotpro.webhooks.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys of the service. Without a JWT key (or JWK set URI) and an encryption key the service refuses
 * to start, except under the {@code dev} profile, which makes throwaway keys and says so loudly.
 *
 * @param jwtSecret HS256 key shared with the token issuer, at least 32 bytes
 * @param jwkSetUri JWK set of an RS256 issuer, used for tokens whose header says RS256
 * @param encryptionKey base64 of the 32-byte AES-256-GCM key that encrypts webhook secrets at rest
 */
@ConfigurationProperties("hooks.security")
public record SecurityProperties(
        @Nullable String jwtSecret,
        @Nullable String jwkSetUri,
        @Nullable String encryptionKey) {

    @Override
    public String toString() {
        return "SecurityProperties[jwtSecret=" + mask(jwtSecret) + ", jwkSetUri=" + jwkSetUri + ", encryptionKey="
                + mask(encryptionKey) + "]";
    }

    private static String mask(@Nullable String value) {
        return value == null || value.isBlank() ? "<unset>" : "<set>";
    }
}
