/**
 * The Zapier app's REST hooks: subscribe, unsubscribe, sample and recent events, authenticated by the
 * organization's API key, each subscription belonging to the key that made it; and the subscriptions as
 * the organization's TeamLead lists and removes them.
 */
@ApplicationModule(allowedDependencies = {"endpoint", "failure", "model", "organization", "outbox", "security"})
@NullMarked
package com.headshotpro.webhooks.zapier;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
