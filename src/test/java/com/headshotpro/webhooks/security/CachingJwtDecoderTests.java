package com.headshotpro.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.headshotpro.webhooks.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class CachingJwtDecoderTests {

    private final SettableClock clock = new SettableClock();
    private final List<String> verifications = new ArrayList<>();
    private final Instant expiry = clock.instant().plusSeconds(600);

    /** Verifies a token named "good-…" until its expiry and refuses any other, counting every call. */
    private final JwtDecoder verifier = token -> {
        verifications.add(token);
        if (!token.startsWith("good") || !clock.instant().isBefore(expiry)) {
            throw new JwtException("refused");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .claim("org", "acme")
                .expiresAt(expiry)
                .build();
    };

    private final CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, clock);

    @Test
    void verifiesAKnownTokenOnceUntilItExpires() {
        assertThat(decoder.decode("good-1").getClaimAsString("org")).isEqualTo("acme");
        assertThat(decoder.decode("good-1").getClaimAsString("org")).isEqualTo("acme");
        assertThat(verifications).containsExactly("good-1");

        clock.advance(Duration.ofSeconds(601));
        assertThatThrownBy(() -> decoder.decode("good-1")).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode("good-1")).isInstanceOf(JwtException.class);
        assertThat(verifications).containsExactly("good-1", "good-1", "good-1");
    }

    @Test
    void neverRemembersARefusedToken() {
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(JwtException.class);
        assertThat(verifications).containsExactly("forged", "forged");
    }

    @Test
    void startsAfreshRatherThanGrowWithoutBound() {
        for (int i = 0; i <= CachingJwtDecoder.MAX_TOKENS; i++) {
            decoder.decode("good-" + i);
        }
        verifications.clear();
        decoder.decode("good-0");
        decoder.decode("good-" + CachingJwtDecoder.MAX_TOKENS);
        assertThat(verifications).containsExactly("good-0");
    }
}
