package com.headshotpro.webhooks.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Idempotency-Key of the internal API's POSTs. The first request with a key claims it inside its own
 * transaction (a concurrent twin waits on the row and then replays); the response is stored with the
 * change, so the key, the change and its event commit or vanish together. Keys live 24 hours.
 */
@Repository
class IdempotencyKeys {

    static final Duration TTL = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    sealed interface Claim {}

    /** The key is new (or expired): go ahead, then {@link #complete}. */
    record Claimed() implements Claim {}

    /** The key was used for this very request: answer as the first time. */
    record Replay(ModelService.Result result) implements Claim {}

    /** The key was used for a different request. */
    record Mismatch() implements Claim {}

    Claim claim(String organizationId, String key, String requestHash, Instant now) {
        boolean claimed = jdbc.sql("""
                        INSERT INTO idempotency_key
                               (organization_id, key, request_hash, response_status, response_body, created_at)
                        VALUES (:org, :key, :hash, 0, '', :now)
                        ON CONFLICT (organization_id, key) DO UPDATE
                           SET request_hash = EXCLUDED.request_hash, response_status = 0, response_body = '',
                               created_at = EXCLUDED.created_at
                         WHERE idempotency_key.created_at < :expired
                        RETURNING 1
                        """)
                .param("org", organizationId)
                .param("key", key)
                .param("hash", requestHash)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("expired", now.minus(TTL).atOffset(ZoneOffset.UTC))
                .query(Integer.class)
                .optional()
                .isPresent();
        if (claimed) {
            return new Claimed();
        }
        return jdbc.sql("""
                        SELECT request_hash, response_status, response_body FROM idempotency_key
                         WHERE organization_id = :org AND key = :key
                        """)
                .param("org", organizationId)
                .param("key", key)
                .query((rs, row) -> rs.getString("request_hash").equals(requestHash)
                        ? (Claim) new Replay(new ModelService.Result(
                                outcome(rs.getInt("response_status")), rs.getString("response_body")))
                        : new Mismatch())
                .single();
    }

    void complete(String organizationId, String key, ModelService.Result result) {
        jdbc.sql("""
                        UPDATE idempotency_key SET response_status = :status, response_body = :body
                         WHERE organization_id = :org AND key = :key
                        """)
                .param("status", code(result.outcome()))
                .param("body", result.body())
                .param("org", organizationId)
                .param("key", key)
                .update();
    }

    /**
     * The outcome as {@code response_status} has held it since V2: the status the first answer had, so that
     * a key stored by an older version replays the same.
     */
    private static int code(ModelService.Outcome outcome) {
        return switch (outcome) {
            case CREATED -> 201;
            case DONE -> 200;
        };
    }

    private static ModelService.Outcome outcome(int code) {
        return code == 201 ? ModelService.Outcome.CREATED : ModelService.Outcome.DONE;
    }

    /** Forgets keys older than their 24 hours. */
    @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
    void pruneExpired() {
        prune(clock.instant());
    }

    int prune(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_key WHERE created_at < ?")
                .param(now.minus(TTL).atOffset(ZoneOffset.UTC))
                .update();
    }
}
