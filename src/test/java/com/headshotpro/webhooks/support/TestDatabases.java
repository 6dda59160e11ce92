package com.headshotpro.webhooks.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
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
        return create("");
    }

    /**
     * A new database with the service's schema: a copy of a template that this JVM migrated with Flyway
     * once, for the Spring contexts and applications a test JVM starts by the dozen. Postgres copies a
     * database in a fraction of the time the migrations take to run, and each application's Flyway still
     * validates its copy against the migrations (and finds it up to date), as a service started on a
     * database an earlier release migrated does. A test of a migration, or of the service migrating its own
     * empty database as at its first deployment (GracefulShutdownIntegrationTests' processes), asks for an
     * empty one ({@link #create()}).
     */
    public static synchronized Database migrated() {
        if (template == null) {
            template = migratedTemplate();
        }
        return create("TEMPLATE " + template);
    }

    private static @Nullable String template;

    private static String migratedTemplate() {
        Database server = server();
        String name = newName() + "_template";
        execute(server, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            execute(server, "ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
            execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }));
        Database database = at(server, name);
        Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .load()
                .migrate();
        // No connection may be open to a database that is being copied: none is let in from now on.
        execute(server, "ALTER DATABASE " + name + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        execute(
                server,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND pid <> pg_backend_pid()");
        return name;
    }

    private static Database create(String options) {
        String name = newName();
        Database server = server();
        execute(server, "CREATE DATABASE " + name + " " + options);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return at(server, name);
    }

    private static String newName() {
        return "hooks_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** The database {@code name} on the server, as the server's URL names its own. */
    private static Database at(Database server, String name) {
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
