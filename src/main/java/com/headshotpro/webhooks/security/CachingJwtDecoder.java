package com.headshotpro.webhooks.security;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens it has verified, until they expire: internal services send the same token with
 * every call, and parsing and verifying it again was an eighth of an ingest request's CPU. Only a token
 * the delegate verified is remembered, by its whole text (signature included), and its expiry is checked
 * at every use. At most {@link #MAX_TOKENS} are kept; beyond, the memory starts afresh.
 */
final class CachingJwtDecoder implements JwtDecoder {

    static final int MAX_TOKENS = 10_000;

    private final JwtDecoder delegate;
    private final Clock clock;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        Instant now = clock.instant();
        if (known != null
                && known.getExpiresAt() != null
                && known.getExpiresAt().isAfter(now)) {
            return known;
        }
        if (known != null) {
            verified.remove(token);
        }
        Jwt jwt = delegate.decode(token);
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(token, jwt);
        return jwt;
    }
}
