package com.headshotpro.webhooks.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token must say when it was issued ({@code iat}, not later than now with a minute's skew) and live at
 * most {@code hooks.security.jwt.max-lifetime} ({@code exp - iat}): a token minted for a century, or
 * dated in the future to outlive its lifetime, is refused.
 */
final class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final Duration maxLifetime;
    private final Clock clock;

    TokenLifetimeValidator(Duration maxLifetime, Clock clock) {
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant issuedAt = jwt.getIssuedAt();
        Instant expiresAt = jwt.getExpiresAt();
        if (issuedAt == null) {
            return refused("The token carries no iat");
        }
        if (issuedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            return refused("The token was issued in the future");
        }
        if (expiresAt != null && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
            return refused("The token lives longer than " + maxLifetime);
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult refused(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
