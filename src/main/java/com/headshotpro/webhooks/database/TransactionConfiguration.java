package com.headshotpro.webhooks.database;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Boot's transaction manager for the main pool, except that a rollback on a connection that is already gone
 * is no failure: Postgres ends the transaction of a lost connection itself, and the exception that made the
 * transaction roll back (the lost connection) is the one callers must see, to answer 503.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TransactionConfiguration.class);

    @Bean
    PlatformTransactionManager transactionManager(
            DataSource dataSource, ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager manager = new OutageTolerantTransactionManager(dataSource);
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }

    static final class OutageTolerantTransactionManager extends JdbcTransactionManager {

        OutageTolerantTransactionManager(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            rollbackUnlessLost(() -> super.doRollback(status));
        }
    }

    private static void rollbackUnlessLost(Runnable rollback) {
        try {
            rollback.run();
        } catch (RuntimeException e) {
            if (!connectionLost(e)) {
                throw e;
            }
            log.debug("Rollback on a lost connection; the database has ended the transaction itself", e);
        }
    }

    /** An outage, or Hikari's stand-in for a connection it closed after an I/O error. */
    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
        }
        return DatabaseAvailability.isOutage(e);
    }
}
