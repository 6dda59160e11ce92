package com.headshotpro.webhooks.database;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Connection pools beside the main one ({@code spring.datasource.*}), for work that must not wait behind
 * API requests: the same database, credentials, timeouts and driver settings, a name and a size of their
 * own. Each starts on first use, whether or not Postgres answers then.
 */
public final class Pools {

    private Pools() {}

    /**
     * A pool of at most {@code size} connections, keeping as many idle as the main pool does (at most
     * {@code size}).
     */
    public static HikariDataSource beside(DataSource main, String name, int size) {
        HikariDataSource hikari = DataSourceUnwrapper.unwrap(main, HikariConfigMXBean.class, HikariDataSource.class);
        if (hikari == null) {
            throw new IllegalStateException("The main DataSource is not a Hikari pool: " + main);
        }
        HikariDataSource pool = new HikariDataSource();
        hikari.copyStateTo(pool);
        pool.setPoolName(name);
        pool.setMaximumPoolSize(size);
        // Unset (-1) until the main pool starts, and then its maximum: Hikari keeps the whole pool idle.
        int mainIdle = hikari.getMinimumIdle() < 0 ? hikari.getMaximumPoolSize() : hikari.getMinimumIdle();
        pool.setMinimumIdle(Math.min(mainIdle, size));
        pool.setInitializationFailTimeout(-1); // a pool first used during an outage starts all the same
        return pool;
    }
}
