package com.headshotpro.webhooks.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An event stored in the outbox. {@code createdAt} also places its deliveries and their attempts: the
 * history is partitioned by the day its events were created.
 *
 * @param onlyWebhook for the webhook URL only, not Zapier subscriptions (test events)
 */
public record EventAppended(
        UUID id, Instant createdAt, String organizationId, String type, String payload, boolean onlyWebhook) {}
