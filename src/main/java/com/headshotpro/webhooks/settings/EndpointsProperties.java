package com.headshotpro.webhooks.settings;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The endpoints an organization registers beside its webhook.
 *
 * @param maxPerOrganization most endpoints one organization may have besides its webhook (Zapier
 *     subscriptions have their own limit, {@code hooks.zapier.max-subscriptions})
 */
@Validated
@ConfigurationProperties("hooks.endpoints")
record EndpointsProperties(@DefaultValue("20") @Min(1) int maxPerOrganization) {}
