package com.headshotpro.webhooks.outbox;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event stored in the outbox. {@code createdAt} also places its deliveries and their attempts: the
 * history is partitioned by the day its events were created.
 *
 * @param onlyEndpoint for this endpoint only, whatever the others take (test events); null: for every
 *     endpoint of the organization that takes its type
 */
public record EventAppended(
        UUID id,
        Instant createdAt,
        String organizationId,
        String type,
        String payload,
        @Nullable UUID onlyEndpoint) {}
