package com.headshotpro.webhooks.database;

/**
 * The transaction managers besides the default (JPA) one, by the name a {@code @Transactional} gives.
 * A constant, which the compiler copies into the annotation that names it.
 */
public final class Transactions {

    /**
     * For work done in SQL alone ({@code JdbcClient}), on the main pool: no JPA session is opened, flushed
     * and closed around it. Nothing that loads or saves an entity may run inside such a transaction.
     */
    public static final String JDBC = "jdbcTransactionManager";

    private Transactions() {}
}
