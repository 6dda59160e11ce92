/**
 * The service's view of its Postgres: the one clock all replicas share, whether it can be reached, and how
 * long it keeps the history ({@code hooks.retention}, which the features that keep or forget history read).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.headshotpro.webhooks.database;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
