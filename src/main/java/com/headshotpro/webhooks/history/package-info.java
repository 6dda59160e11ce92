/**
 * The history's life: events, deliveries and attempts are partitioned by the day their events were
 * created; this feature creates the partitions ahead of time and drops a whole day once it is older than
 * the retention ({@code database.RetentionProperties}).
 */
@ApplicationModule(allowedDependencies = {"database"})
@NullMarked
package com.headshotpro.webhooks.history;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
