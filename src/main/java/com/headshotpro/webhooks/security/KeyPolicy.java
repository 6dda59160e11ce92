package com.headshotpro.webhooks.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Refuses to start with a key that anyone could know: a placeholder (anything containing {@code change-me},
 * as {@code .env.example}'s values once did), the {@code dev} profile's public keys outside that profile,
 * or a guessable key (fewer than {@value #MIN_DISTINCT_BYTES} distinct bytes; a key written in hex, as
 * {@code openssl rand -hex 32} writes it, counts by the bytes it spells). It checks the keys as soon as
 * they are bound, before anything uses them; its message names the setting and how to make a key, never
 * the key.
 */
final class KeyPolicy implements BeanPostProcessor {

    static final int MIN_DISTINCT_BYTES = 16;
    static final String JWT_SECRET = "hooks.security.jwt-secret (HOOKS_SECURITY_JWT_SECRET)";
    static final String ENCRYPTION_KEY = "hooks.security.encryption-key (HOOKS_SECURITY_ENCRYPTION_KEY)";

    private static final String PLACEHOLDER = "change-me";

    /** application-dev.yml's keys: public, so accepted under the dev profile only. */
    private static final Set<String> DEV_KEYS =
            Set.of("dev-only-jwt-secret-do-not-use-in-production", "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=");

    private final boolean devProfile;

    KeyPolicy(Environment environment) {
        this.devProfile = environment.matchesProfiles("dev");
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof SecurityProperties properties) {
            check(properties, devProfile);
        }
        return bean;
    }

    /** Throws naming the first setting whose key anyone could know. */
    static void check(SecurityProperties properties, boolean devProfile) {
        String jwtSecret = properties.jwtSecret();
        if (jwtSecret != null && !jwtSecret.isBlank()) {
            String advice = "Generate one with: openssl rand -hex 32";
            refuseKnown(jwtSecret, jwtSecret, JWT_SECRET, advice, devProfile);
            refuseGuessable(
                    isHex(jwtSecret) ? HexFormat.of().parseHex(jwtSecret) : utf8(jwtSecret), JWT_SECRET, advice);
        }
        String encryptionKey = properties.encryptionKey();
        if (encryptionKey != null && !encryptionKey.isBlank()) {
            String advice = "Generate one with: openssl rand -base64 32";
            byte[] key;
            try {
                key = Base64.getDecoder().decode(encryptionKey.trim());
            } catch (IllegalArgumentException e) {
                key = utf8(encryptionKey); // not base64: SecretCipher says so, unless it is a placeholder
            }
            refuseKnown(
                    encryptionKey, new String(key, StandardCharsets.ISO_8859_1), ENCRYPTION_KEY, advice, devProfile);
            refuseGuessable(key, ENCRYPTION_KEY, advice);
        }
    }

    private static void refuseKnown(String text, String decoded, String setting, String advice, boolean devProfile) {
        if (text.toLowerCase(Locale.ROOT).contains(PLACEHOLDER)
                || decoded.toLowerCase(Locale.ROOT).contains(PLACEHOLDER)) {
            throw new IllegalStateException(setting + " is a placeholder: refusing to start. " + advice);
        }
        if (!devProfile && DEV_KEYS.contains(text.trim())) {
            throw new IllegalStateException(setting + " is the dev profile's public development key: refusing to "
                    + "start without the dev profile. " + advice);
        }
    }

    private static void refuseGuessable(byte[] key, String setting, String advice) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (byte b : key) {
            if (!seen[b & 0xff]) {
                seen[b & 0xff] = true;
                distinct++;
            }
        }
        if (distinct < MIN_DISTINCT_BYTES) {
            throw new IllegalStateException(setting + " is guessable (fewer than " + MIN_DISTINCT_BYTES
                    + " distinct bytes): refusing to start. " + advice);
        }
    }

    private static boolean isHex(String key) {
        if (key.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
