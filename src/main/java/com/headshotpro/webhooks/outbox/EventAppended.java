package com.headshotpro.webhooks.outbox;

import java.util.UUID;

/**
 * An event was stored in the outbox. Published synchronously inside the storing transaction, so that
 * whatever a listener writes (the deliveries) commits or vanishes with the event.
 *
 * @param onlyWebhook for the webhook URL only, not Zapier subscriptions (test events)
 */
public record EventAppended(UUID id, String organizationId, String type, String payload, boolean onlyWebhook) {}
