package com.headshotpro.webhooks.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Fresh Postgres databases for tests, each dropped when the JVM exits. They are made on the server that
 * {@code HOOKS_TEST_DATABASE_URL} names (as {@code .ci/run} does); else, where Docker runs, on one Postgres
 * container that Testcontainers starts for the whole run; else on the Postgres of 127.0.0.1:5432 if it
 * answers. Without any of the three the run stops at once, saying so in one line.
 */
public final class TestDatabases {

    static final String SERVER = "HOOKS_TEST_DATABASE_URL";

    /** Where a developer's own Postgres usually listens, tried when neither a server is named nor Docker runs. */
    static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=2";

    /** Where and as whom to connect. */
    public record Database(String url, String user, String password) {}

    private TestDatabases() {}

    private static boolean onLocalServer() {
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

    private static @Nullable Database server;

    private static Database server() {
        if (server == null) {
            server = findServer();
        }
        return server;
    }

    private static Database findServer() {
        if (onLocalServer()) {
            return new Database(System.getenv(SERVER), user(), password());
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            var container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        Database local = new Database(LOCAL, user(), password());
        if (answers(local)) {
            return local;
        }
        throw new IllegalStateException("No Postgres for the tests: start Docker (Testcontainers), run one on "
                + "127.0.0.1:5432, or name a server in " + SERVER + " (a JDBC URL of an existing database)");
    }

    private static String user() {
        return System.getenv().getOrDefault("HOOKS_TEST_DATABASE_USER", "postgres");
    }

    private static String password() {
        return System.getenv().getOrDefault("HOOKS_TEST_DATABASE_PASSWORD", "");
    }

    private static boolean answers(Database database) {
        try (Connection ignored = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
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
