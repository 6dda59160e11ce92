/**
 * The Zapier app's REST hooks: subscribe, unsubscribe, sample and recent events, authenticated by the
 * organization's API key.
 */
@ApplicationModule(allowedDependencies = {"endpoint", "model", "organization", "outbox", "web"})
@NullMarked
package com.headshotpro.webhooks.zapier;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
