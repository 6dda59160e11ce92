package com.headshotpro.webhooks.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ErrorHandler;

/**
 * Scheduled tasks (metrics, retention, pruning) that meet an outage report it to
 * {@link DatabaseAvailability} rather than log a stack trace every few seconds; other failures are
 * logged as before.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulingConfiguration.class);

    @Bean
    ErrorHandler scheduledTaskErrors(DatabaseAvailability database) {
        return failure -> {
            if (!database.report(failure)) {
                log.error("Unexpected error in a scheduled task", failure);
            }
        };
    }

    @Bean
    SimpleAsyncTaskSchedulerCustomizer virtualThreadScheduler(ErrorHandler scheduledTaskErrors) {
        return scheduler -> scheduler.setErrorHandler(scheduledTaskErrors);
    }

    @Bean
    ThreadPoolTaskSchedulerCustomizer platformThreadScheduler(ErrorHandler scheduledTaskErrors) {
        return scheduler -> scheduler.setErrorHandler(scheduledTaskErrors);
    }
}
