/**
 * Deliveries: fan-out of each event to its endpoints, the claim, the attempt on the ladder, receiver signals,
 * the delivery log, redelivery, replay and test events. Owns {@code delivery}, {@code delivery_attempt},
 * {@code endpoint_health}, {@code replay} and {@code send_allowance}.
 */
@ApplicationModule(
        allowedDependencies = {"database", "endpoint", "failure", "history", "organization", "outbox", "signing"})
@NullMarked
package com.headshotpro.webhooks.delivery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
