package com.headshotpro.webhooks.zapier;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V9 on a database with keys and subscriptions: the live ones belong to their organization's current key. */
class SubscriptionKeyMigrationTests {

    @Test
    void liveSubscriptionsBelongToTheCurrentKeyAndTheRestToNone() throws Exception {
        TestDatabases.Database database = TestDatabases.create();
        flyway(database, "7").migrate();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO organization VALUES ('acme', 'Acme', true, now(), now()),
                                                    ('beta', 'Beta', true, now(), now());
                    INSERT INTO api_key VALUES ('acme', 'hash-of-acme', now());
                    INSERT INTO endpoint (id, organization_id, kind, url, event_type, secret_ciphertext,
                                          secret_created_at, created_at, deleted_at)
                    VALUES ('00000000-0000-0000-0000-000000000001', 'acme', 'WEBHOOK', 'https://a.example', NULL,
                            '\\x00', now(), now(), NULL),
                           ('00000000-0000-0000-0000-000000000002', 'acme', 'ZAPIER', 'https://hooks.zapier.com/a',
                            'model.created', '\\x00', now(), now(), NULL),
                           ('00000000-0000-0000-0000-000000000003', 'acme', 'ZAPIER', 'https://hooks.zapier.com/b',
                            'model.created', '\\x00', now(), now(), now()),
                           ('00000000-0000-0000-0000-000000000004', 'beta', 'ZAPIER', 'https://hooks.zapier.com/c',
                            'model.created', '\\x00', now(), now(), NULL);
                    """);

            flyway(database, "latest").migrate();

            assertThat(rows(s, """
                            SELECT e.id::text || ':' || (e.api_key_id IS NOT DISTINCT FROM k.key_id)::text
                                   || ':' || (e.api_key_id IS NULL)::text
                              FROM endpoint e LEFT JOIN api_key k ON k.organization_id = e.organization_id
                             ORDER BY e.id
                            """))
                    .containsExactly(
                            "00000000-0000-0000-0000-000000000001:false:true",
                            "00000000-0000-0000-0000-000000000002:true:false",
                            "00000000-0000-0000-0000-000000000003:false:true",
                            "00000000-0000-0000-0000-000000000004:true:true");
            assertThat(rows(s, "SELECT (key_id IS NOT NULL)::text FROM api_key"))
                    .containsExactly("true");
        }
    }

    private static Flyway flyway(TestDatabases.Database database, String target) {
        return Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .target(target)
                .load();
    }

    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
