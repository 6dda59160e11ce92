/**
 * HTTP to a receiver's server, and nothing else: one signed attempt within the request timeout, reading a
 * bounded amount whatever the receiver sends, connecting only to addresses the URL policy allows. No Spring
 * beans inside: the delivery engine makes the {@link com.headshotpro.webhooks.transport.WebhookClient}.
 */
@ApplicationModule(allowedDependencies = {"endpoint", "outbox", "signing"})
@NullMarked
package com.headshotpro.webhooks.transport;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
