/**
 * Where an organization's events go: its webhook and its Zapier subscriptions, their URL policy and their
 * sealed secrets. Owns {@code endpoint}; publishes the {@code endpoint_target} view.
 */
@ApplicationModule(allowedDependencies = {"database", "failure", "security"})
@NullMarked
package com.headshotpro.webhooks.endpoint;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
