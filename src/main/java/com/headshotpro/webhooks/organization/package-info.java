/**
 * Organizations and whether their API feature is on; resolves the calling organization for controllers. Owns
 * {@code organization}; publishes the {@code api_organization} view.
 */
@ApplicationModule(allowedDependencies = {"failure", "security"})
@NullMarked
package com.headshotpro.webhooks.organization;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
