package com.headshotpro.webhooks.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/** The pools beside the main one, made before the main pool has started (as the application makes them). */
class PoolsTests {

    @Test
    void aPoolBesideAMainPoolWithNoMinimumIdleKeepsItsWholeSizeIdleAsTheMainOneWould() {
        try (HikariDataSource main = mainPool(16);
                HikariDataSource beside = Pools.beside(main, "beside", 4)) {
            assertThat(main.getMinimumIdle())
                    .as("unset until the main pool starts")
                    .isNegative();
            assertThat(beside.getMaximumPoolSize()).isEqualTo(4);
            assertThat(beside.getMinimumIdle()).isEqualTo(4);
            assertThat(beside.getPoolName()).isEqualTo("beside");
            assertThat(beside.getJdbcUrl()).isEqualTo(main.getJdbcUrl());
        }
    }

    @Test
    void aPoolBesideKeepsTheMainPoolsMinimumIdleUpToItsOwnSize() {
        try (HikariDataSource main = mainPool(16)) {
            main.setMinimumIdle(2);
            try (HikariDataSource small = Pools.beside(main, "small", 1);
                    HikariDataSource large = Pools.beside(main, "large", 4)) {
                assertThat(small.getMinimumIdle()).isEqualTo(1);
                assertThat(large.getMinimumIdle()).isEqualTo(2);
            }
        }
    }

    private static HikariDataSource mainPool(int size) {
        HikariDataSource main = new HikariDataSource();
        main.setJdbcUrl("jdbc:postgresql://127.0.0.1:9/never-connected");
        main.setMaximumPoolSize(size);
        return main;
    }
}
