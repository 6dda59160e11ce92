package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.database.Pools;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The delivery engine's own connections ({@code hooks.delivery.pool-size}): the claim, the outcome
 * writer, endpoint reads before an attempt, the backlog gauges and the endpoint health job never queue
 * behind API requests, however busy those keep the main pool. Neither bean is a default candidate, so
 * {@code DataSource} and {@code JdbcClient} still mean the main pool, which Flyway, JPA and the API's
 * transactions (fan-out, cancellations and replays run inside them) keep using.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryDatabaseConfiguration {

    @Bean(defaultCandidate = false)
    HikariDataSource deliveryDataSource(DataSource dataSource, DeliveryProperties properties) {
        return Pools.beside(dataSource, "delivery", properties.poolSize());
    }

    @Bean(defaultCandidate = false)
    JdbcClient deliveryJdbc(@Qualifier("deliveryDataSource") DataSource deliveryDataSource) {
        return JdbcClient.create(deliveryDataSource);
    }
}
