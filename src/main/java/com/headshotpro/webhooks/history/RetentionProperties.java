package com.headshotpro.webhooks.history;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.NamedInterface;

/**
 * How long the history is kept.
 *
 * @param retention age after which a day's events, their deliveries and their attempts are dropped,
 *     whatever their outcome, once none of that day's deliveries is pending any more
 */
@NamedInterface("retention")
@ConfigurationProperties("hooks")
public record RetentionProperties(@DefaultValue("30d") Duration retention) {}
