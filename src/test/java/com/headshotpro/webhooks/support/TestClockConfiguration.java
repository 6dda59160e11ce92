package com.headshotpro.webhooks.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock in integration tests: a {@link SettableClock}, so that a test jumps over a
 * ladder's delay, a lease or a rate limit's minute instead of waiting it out.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    SettableClock settableClock() {
        return new SettableClock();
    }
}
