/**
 * The delivery engine: fan-out of each event to its endpoints, the claim, the lanes, the attempt on the
 * ladder (through {@code transport}), completions, endpoint snapshots and health, metrics. Package-private
 * but for {@link com.headshotpro.webhooks.delivery.Deliveries} and the one record of {@code hooks.delivery}
 * ({@link com.headshotpro.webhooks.delivery.DeliveryProperties}). Owns {@code delivery},
 * {@code delivery_attempt} and {@code endpoint_health}; publishes {@code delivery_pending_on} (V11).
 */
@ApplicationModule(allowedDependencies = {"database", "endpoint", "endpoint :: signing", "outbox", "transport", "web"})
@NullMarked
package com.headshotpro.webhooks.delivery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
