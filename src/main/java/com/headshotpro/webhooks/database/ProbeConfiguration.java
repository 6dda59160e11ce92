package com.headshotpro.webhooks.database;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The probe's connection, apart from every pool that work queues on, and the readiness indicator that
 * asks on it. Not a default candidate, so that {@code DataSource} still means the main pool, and Boot's
 * own pool, JPA, Flyway and health indicator stay as they are.
 */
@Configuration(proxyBeanMethods = false)
class ProbeConfiguration {

    /** One connection, opened when first asked, that only asks whether Postgres answers. */
    @Bean(defaultCandidate = false)
    HikariDataSource databaseProbe(DataSource dataSource) {
        HikariDataSource probe = Pools.beside(dataSource, "probe", 1);
        probe.setMinimumIdle(0);
        return probe;
    }

    /** Named as Boot's, which then steps aside. */
    @Bean
    DatabaseHealthIndicator dbHealthIndicator(DatabaseAvailability database) {
        return new DatabaseHealthIndicator(database);
    }
}
