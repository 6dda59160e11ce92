package com.headshotpro.webhooks.zapier;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Zapier app's REST hooks.
 *
 * @param maxSubscriptions most active subscriptions one organization may have
 */
@Validated
@ConfigurationProperties("hooks.zapier")
record ZapierProperties(@DefaultValue("100") @Min(1) int maxSubscriptions) {}
