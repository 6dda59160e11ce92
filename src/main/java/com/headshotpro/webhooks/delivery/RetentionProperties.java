package com.headshotpro.webhooks.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long finished deliveries are kept.
 *
 * @param retention age after which succeeded and cancelled deliveries, their attempts, and events left
 *     without deliveries are pruned; failed deliveries are kept for people to see and redeliver
 */
@ConfigurationProperties("hooks")
public record RetentionProperties(@DefaultValue("30d") Duration retention) {}
