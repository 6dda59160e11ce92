/**
 * The outbox: events appended in the transaction of the change that caused them, and the payloads built from
 * them. Owns the {@code event} table; others read it through the {@code outbox_event} view.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.headshotpro.webhooks.outbox;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
