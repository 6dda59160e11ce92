package com.headshotpro.webhooks.outbox;

import java.util.UUID;

/**
 * An event stored in the outbox.
 *
 * @param onlyWebhook for the webhook URL only, not Zapier subscriptions (test events)
 */
public record EventAppended(UUID id, String organizationId, String type, String payload, boolean onlyWebhook) {}
