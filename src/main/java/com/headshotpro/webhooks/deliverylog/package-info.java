/**
 * What a TeamLead sees and does with deliveries: the delivery log, redelivery, replay, test events and
 * their send limits, the controller and its cursor. Asks the engine ({@code delivery.Deliveries}) for what
 * a delivery made by hand needs; owns {@code replay} and {@code send_allowance}, and its redeliveries and
 * replays write {@code delivery} rows for the engine to send (see ARCHITECTURE.md).
 */
@ApplicationModule(
        allowedDependencies = {
            "database",
            "delivery :: api",
            "endpoint",
            "failure",
            "organization",
            "outbox",
            "transport",
            "web"
        })
@NullMarked
package com.headshotpro.webhooks.deliverylog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
