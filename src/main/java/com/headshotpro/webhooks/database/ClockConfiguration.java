package com.headshotpro.webhooks.database;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/** The service's one clock: the database's time ({@link DatabaseClock}), kept in step every minute. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    DatabaseClock clock(JdbcClient jdbc) {
        DatabaseClock clock = new DatabaseClock(Clock.systemUTC(), jdbc);
        clock.synchronize();
        return clock;
    }

    @Bean
    Synchronization clockSynchronization(DatabaseClock clock) {
        return new Synchronization(clock);
    }

    /** Measures the offset to the database's clock again every minute. */
    record Synchronization(DatabaseClock clock) {

        @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
        void synchronize() {
            clock.synchronize();
        }
    }
}
