package com.headshotpro.webhooks.endpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The two escape hatches of the URL policy, for local work and tests only.
 *
 * @param allowHttpTargets accept {@code http} URLs as well as {@code https}
 * @param allowPrivateTargets accept loopback, private and other internal addresses
 */
@ConfigurationProperties("hooks.delivery")
record TargetProperties(
        @DefaultValue("false") boolean allowHttpTargets,
        @DefaultValue("false") boolean allowPrivateTargets) {}
