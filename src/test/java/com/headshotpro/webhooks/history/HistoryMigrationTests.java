package com.headshotpro.webhooks.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Upgrading a database with history in it to the partitioned tables (V6) keeps every row and id. */
class HistoryMigrationTests {

    @Test
    void theHistoryMovesIntoItsDaysWithItsIdsAndNewRowsFollowThem() throws Exception {
        TestDatabases.Database database = TestDatabases.create();
        flyway(database, "5").migrate();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO organization VALUES ('acme', 'Acme', true, now(), now());
                    INSERT INTO endpoint (id, organization_id, kind, url, secret_ciphertext, secret_created_at, created_at)
                    VALUES ('00000000-0000-0000-0000-000000000001', 'acme', 'WEBHOOK', 'https://example.com', '\\x00',
                            now(), now());
                    INSERT INTO event VALUES
                        ('00000000-0000-0000-0000-00000000000a', 'acme', 'model.created', '{"n":1}', now() - interval '20 days'),
                        ('00000000-0000-0000-0000-00000000000b', 'acme', 'model.created', '{"n":2}', now());
                    INSERT INTO delivery (event_id, endpoint_id, organization_id, event_type, status, attempt_count,
                                          attempts_allowed, next_attempt_at, created_at, updated_at)
                    VALUES ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001', 'acme',
                            'model.created', 'FAILED', 1, 5, now(), now(), now()),
                           ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-000000000001', 'acme',
                            'model.created', 'PENDING', 0, 5, now(), now(), now());
                    INSERT INTO delivery_attempt (delivery_id, number, attempted_at, duration_ms, status_code)
                    SELECT id, 1, now(), 7, 500 FROM delivery WHERE status = 'FAILED';
                    """);
            long failedId = single(s, "SELECT id FROM delivery WHERE status = 'FAILED'");

            flyway(database, "latest").migrate();

            assertThat(single(s, "SELECT count(*) FROM event")).isEqualTo(2);
            assertThat(single(s, "SELECT count(*) FROM delivery")).isEqualTo(2);
            assertThat(single(s, """
                            SELECT count(*) FROM delivery d JOIN event e
                                ON e.id = d.event_id AND e.created_at = d.event_created_at
                            """)).isEqualTo(2);
            assertThat(single(s, "SELECT delivery_id FROM delivery_attempt")).isEqualTo(failedId);
            assertThat(single(s, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'delivery'::regclass"))
                    .as("a partition a day, from the oldest event to three days ahead")
                    .isEqualTo(24);
            s.execute("""
                    INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type, status,
                                          attempts_allowed, next_attempt_at, created_at, updated_at)
                    SELECT id, created_at, '00000000-0000-0000-0000-000000000001', 'acme', type, 'PENDING', 5, now(),
                           now(), now()
                      FROM event WHERE payload = '{"n":2}'
                    """);
            assertThat(single(s, "SELECT max(id) FROM delivery")).isEqualTo(failedId + 2);
        }
    }

    private static Flyway flyway(TestDatabases.Database database, String target) {
        return Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .target(target)
                .load();
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
