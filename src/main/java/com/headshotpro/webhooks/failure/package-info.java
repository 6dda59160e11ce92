/**
 * The few failures a feature's service reports in the domain's words: something not found, a conflict with
 * the present state, an invalid field, a limit used up, a request too large to carry out, credentials no
 * longer valid, a call not permitted. No HTTP here; {@code web} answers each with its problem.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.headshotpro.webhooks.failure;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
