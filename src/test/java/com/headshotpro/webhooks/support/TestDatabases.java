package com.headshotpro.webhooks.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Fresh Postgres databases for tests, each dropped when the JVM exits. Where {@code HOOKS_TEST_DATABASE_URL}
 * names a server (as {@code .ci/run} does on machines without Docker) they are created there; otherwise
 * on one Postgres container that Testcontainers starts for the whole run.
 */
public final class TestDatabases {

    static final String SERVER = "HOOKS_TEST_DATABASE_URL";

    /** Where and as whom to connect. */
    public record Database(String url, String user, String password) {}

    private static PostgreSQLContainer container;

    private TestDatabases() {}

    public static boolean onLocalServer() {
        String server = System.getenv(SERVER);
        return server != null && !server.isBlank();
    }

    /** A new, empty database. */
    public static synchronized Database create() {
        String name =
                "hooks_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Database server = server();
        execute(server, "CREATE DATABASE " + name);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        String base = server.url().substring(0, server.url().lastIndexOf('/') + 1);
        String query =
                server.url().contains("?") ? server.url().substring(server.url().indexOf('?')) : "";
        return new Database(base + name + query, server.user(), server.password());
    }

    private static Database server() {
        if (onLocalServer()) {
            return new Database(
                    System.getenv(SERVER),
                    System.getenv().getOrDefault("HOOKS_TEST_DATABASE_USER", "postgres"),
                    System.getenv().getOrDefault("HOOKS_TEST_DATABASE_PASSWORD", ""));
        }
        if (container == null) {
            container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
        }
        return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static void execute(Database database, String sql) {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test database on " + database.url(), e);
        }
    }
}
