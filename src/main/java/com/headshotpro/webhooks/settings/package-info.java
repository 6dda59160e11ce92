/**
 * Admin > API Settings as JSON: the webhook URL and its secret, the organization's API key. Owns {@code
 * api_key}.
 */
@ApplicationModule(allowedDependencies = {"endpoint", "failure", "organization", "security"})
@NullMarked
package com.headshotpro.webhooks.settings;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
