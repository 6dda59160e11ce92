package com.headshotpro.webhooks.support;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock in integration tests: a {@link SettableClock}, frozen, so that a test jumps over a
 * ladder's delay, a lease or a rate limit's minute instead of waiting it out, and no time passes that
 * the test did not pass. A test class whose service must share the time with another process sets
 * {@code test.clock=running} for a clock that runs with the system's.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    SettableClock settableClock(@Value("${test.clock:frozen}") String clock) {
        return "running".equals(clock) ? SettableClock.running() : new SettableClock();
    }
}
