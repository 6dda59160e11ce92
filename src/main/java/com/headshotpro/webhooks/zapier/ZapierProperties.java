package com.headshotpro.webhooks.zapier;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Zapier app's REST hooks.
 *
 * @param maxSubscriptions most active subscriptions one organization may have
 * @param targetHosts the hosts a subscription's target URL may name, each with its subdomains
 *     (comma-separated); checked on top of the URL policy
 */
@Validated
@ConfigurationProperties("hooks.zapier")
record ZapierProperties(
        @DefaultValue("100") @Min(1) int maxSubscriptions,
        @DefaultValue("hooks.zapier.com") @NotEmpty List<String> targetHosts) {}
