/** The service's view of its Postgres: the one clock all replicas share, and whether it can be reached. */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.headshotpro.webhooks.database;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
