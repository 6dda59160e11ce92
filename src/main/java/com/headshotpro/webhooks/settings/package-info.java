/**
 * Admin > API Settings as JSON: the webhook URL and its secret, the organization's API key, and its
 * endpoints (the webhook, those it registers beside it, its Zapier subscriptions), whose test events
 * {@code deliverylog} sends, and the pace the engine sends each at ({@code delivery.Deliveries}). Owns
 * {@code api_key}.
 */
@ApplicationModule(
        allowedDependencies = {
            "delivery :: api",
            "deliverylog",
            "endpoint",
            "failure",
            "model",
            "organization",
            "security"
        })
@NullMarked
package com.headshotpro.webhooks.settings;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
