package com.headshotpro.webhooks.settings;

import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.SecretGenerator;
import com.headshotpro.webhooks.security.ApiKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organization API keys for the Zapier app, in SQL ({@code api_key}, one row an organization). A key carries 32 random bytes, so a plain SHA-256 is a
 * safe way to keep it: nothing short of the key itself matches the hash.
 */
@Service
class ApiKeyService implements ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    private final EndpointService endpoints;
    private final JdbcClient jdbc;
    private final Clock clock;

    ApiKeyService(EndpointService endpoints, JdbcClient jdbc, Clock clock) {
        this.endpoints = endpoints;
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
     * Creates the organization's key, or replaces it: the old key stops working at once, and every Zapier
     * subscription made with it ends in the same transaction. One statement makes the key, so that
     * concurrent first calls each succeed and the last one's key is the one kept; it waits for any
     * subscription still being made with the old key ({@link #holdIfCurrent}), which then ends here too.
     */
    @Transactional
    public NewApiKey createOrReplace(String organizationId) {
        String key = SecretGenerator.apiKey();
        UUID keyId = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        INSERT INTO api_key (organization_id, key_id, key_hash, created_at) VALUES (:org, :id, :hash, :now)
                        ON CONFLICT (organization_id) DO UPDATE
                           SET key_id = EXCLUDED.key_id, key_hash = EXCLUDED.key_hash, created_at = EXCLUDED.created_at
                        """)
                .param("org", organizationId)
                .param("id", keyId)
                .param("hash", hash(key))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        int ended = endpoints.endSubscriptionsNotMadeWith(organizationId, keyId);
        if (ended > 0) {
            log.info(
                    "API key of organization {} replaced: {} Zapier subscriptions made with the old key ended",
                    organizationId,
                    ended);
        }
        return new NewApiKey(key, now);
    }

    @Transactional(readOnly = true)
    public Optional<Instant> createdAt(String organizationId) {
        return jdbc.sql("SELECT created_at FROM api_key WHERE organization_id = :org")
                .param("org", organizationId)
                .query((row, n) ->
                        row.getObject("created_at", OffsetDateTime.class).toInstant())
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<IssuedKey> find(String presentedKey) {
        if (!ApiKeys.isWellFormed(presentedKey)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT key_id, organization_id FROM api_key WHERE key_hash = :hash")
                .param("hash", hash(presentedKey))
                .query((row, n) -> new IssuedKey(row.getObject("key_id", UUID.class), row.getString("organization_id")))
                .optional();
    }

    /** {@code FOR SHARE}: a replacement's update of the row waits until the calling transaction ends. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean holdIfCurrent(UUID keyId) {
        return jdbc.sql("SELECT 1 FROM api_key WHERE key_id = :id FOR SHARE")
                .param("id", keyId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    private static String hash(String key) {
        return DigestUtils.sha256Hex(key);
    }
}
