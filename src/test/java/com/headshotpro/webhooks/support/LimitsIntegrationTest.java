package com.headshotpro.webhooks.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * An {@link IntegrationTest} with small limits and a short ladder, one set for every class that needs
 * them (receiver signals, replays, manual sends, first-creation races), so that they share one Spring
 * context and one database. The endpoint health job runs only when a test calls it: the clock jumps
 * hours in these tests, and a scheduled run would disable another test's failing webhook.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@TestPropertySource(
        properties = {
            "hooks.delivery.retry-delays=0s,1m",
            "hooks.delivery.disable-after=1h",
            "hooks.delivery.disable-check-interval=1h",
            "hooks.delivery.replay-max=3",
            "hooks.delivery.manual-sends-per-minute=3",
            "hooks.delivery.max-redeliveries=2",
            "hooks.zapier.max-subscriptions=5"
        })
public @interface LimitsIntegrationTest {}
