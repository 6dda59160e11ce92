package com.headshotpro.webhooks.settings;

import com.headshotpro.webhooks.endpoint.SecretGenerator;
import com.headshotpro.webhooks.security.ApiKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organization API keys for the Zapier app. A key carries 32 random bytes, so a plain SHA-256 is a
 * safe way to keep it: nothing short of the key itself matches the hash.
 */
@Service
class ApiKeyService implements ApiKeys {

    private final ApiKeyRepository keys;
    private final JdbcClient jdbc;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository keys, JdbcClient jdbc, Clock clock) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A newly made key, returned this once. */
    public record NewApiKey(String apiKey, Instant createdAt) {

        @Override
        public String toString() {
            return "NewApiKey[apiKey=<masked>, createdAt=" + createdAt + "]";
        }
    }

    /**
     * Creates the organization's key, or replaces it: the old key stops working at once. One statement,
     * so that concurrent first calls each succeed and the last one's key is the one kept.
     */
    @Transactional
    public NewApiKey createOrReplace(String organizationId) {
        String key = SecretGenerator.apiKey();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        INSERT INTO api_key (organization_id, key_hash, created_at) VALUES (:org, :hash, :now)
                        ON CONFLICT (organization_id) DO UPDATE SET key_hash = EXCLUDED.key_hash, created_at = EXCLUDED.created_at
                        """)
                .param("org", organizationId)
                .param("hash", hash(key))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        return new NewApiKey(key, now);
    }

    @Transactional(readOnly = true)
    public Optional<Instant> createdAt(String organizationId) {
        return keys.findById(organizationId).map(ApiKey::createdAt);
    }

    /** The organization a presented key belongs to, if any; a key not of the issued form is not looked up. */
    @Override
    @Transactional(readOnly = true)
    public Optional<String> organizationOf(String presentedKey) {
        if (!ApiKeys.isWellFormed(presentedKey)) {
            return Optional.empty();
        }
        return keys.findByKeyHash(hash(presentedKey)).map(ApiKey::organizationId);
    }

    private static String hash(String key) {
        return DigestUtils.sha256Hex(key);
    }
}
