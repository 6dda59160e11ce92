package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.transport.WebhookClient;
import java.net.InetAddress;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans the engine makes of plain classes: the URL policy, with its switches from
 * {@code hooks.delivery}, and the one HTTP client, sized to the replica's in-flight limit.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /** The system resolver, unless the context has a {@link UrlPolicy.Resolver} of its own (tests do). */
    @Bean
    UrlPolicy urlPolicy(DeliveryProperties properties, ObjectProvider<UrlPolicy.Resolver> resolver) {
        return new UrlPolicy(
                properties.allowHttpTargets(),
                properties.allowPrivateTargets(),
                resolver.getIfAvailable(() -> InetAddress::getAllByName));
    }

    @Bean
    WebhookClient webhookClient(UrlPolicy policy, DeliveryProperties properties, Clock clock) {
        return new WebhookClient(
                policy, clock, properties.connectTimeout(), properties.requestTimeout(), properties.maxInFlight());
    }
}
