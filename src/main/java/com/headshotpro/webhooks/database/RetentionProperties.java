package com.headshotpro.webhooks.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the database keeps the history ({@code hooks.retention}): the history feature drops a day's
 * partitions past it, the endpoint feature forgets removed endpoints past it, and the delivery log reaches
 * back no further for a replay and forgets replays past it.
 *
 * @param retention age after which a day's events, their deliveries and their attempts are dropped,
 *     whatever their outcome, once none of that day's deliveries is pending any more
 */
@ConfigurationProperties("hooks")
public record RetentionProperties(@DefaultValue("30d") Duration retention) {}
