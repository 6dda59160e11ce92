package com.headshotpro.webhooks.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real Postgres for integration tests, a fresh database for every Spring context, so that test runs and
 * the contexts within one run never see each other's rows. Where {@code HOOKS_TEST_DATABASE_URL} names a
 * server (as {@code .ci/run} does on machines without Docker), a database is created there; otherwise
 * Testcontainers starts one.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

    static final String SERVER = "HOOKS_TEST_DATABASE_URL";

    @Bean
    @ServiceConnection
    @ConditionalOnExpression("'${HOOKS_TEST_DATABASE_URL:}'.isEmpty()")
    PostgreSQLContainer postgres() {
        return new PostgreSQLContainer("postgres:15-alpine");
    }

    @Bean
    @ConditionalOnExpression("!'${HOOKS_TEST_DATABASE_URL:}'.isEmpty()")
    DynamicPropertyRegistrar localDatabase() {
        String server = System.getenv(SERVER);
        String user = System.getenv().getOrDefault("HOOKS_TEST_DATABASE_USER", "postgres");
        String password = System.getenv().getOrDefault("HOOKS_TEST_DATABASE_PASSWORD", "");
        String name =
                "hooks_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(server, user, password, "CREATE DATABASE " + name);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> execute(server, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        String url = server.substring(0, server.lastIndexOf('/') + 1) + name;
        return registry -> {
            registry.add("spring.datasource.url", () -> url);
            registry.add("spring.datasource.username", () -> user);
            registry.add("spring.datasource.password", () -> password);
        };
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test database on " + url, e);
        }
    }
}
