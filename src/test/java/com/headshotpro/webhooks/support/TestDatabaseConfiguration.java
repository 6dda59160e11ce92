package com.headshotpro.webhooks.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Real Postgres for integration tests, a fresh database for every Spring context (a copy of the migrated
 * template, {@link TestDatabases#migrated()}),
 * so that test runs and the contexts within one run never see each other's rows: on the server that
 * {@code HOOKS_TEST_DATABASE_URL} names, on a Testcontainers Postgres where Docker runs, or on 127.0.0.1:5432.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

    @Bean
    DynamicPropertyRegistrar testDatabase() {
        TestDatabases.Database database = TestDatabases.migrated();
        return registry -> {
            registry.add("spring.datasource.url", database::url);
            registry.add("spring.datasource.username", database::user);
            registry.add("spring.datasource.password", database::password);
        };
    }
}
