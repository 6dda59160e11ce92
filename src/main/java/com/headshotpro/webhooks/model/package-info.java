/**
 * Models (photo shoots) as internal services report them: each change and its event written in one
 * transaction. Owns {@code model} and {@code idempotency_key}.
 */
@ApplicationModule(allowedDependencies = {"failure", "outbox"})
@NullMarked
package com.headshotpro.webhooks.model;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
