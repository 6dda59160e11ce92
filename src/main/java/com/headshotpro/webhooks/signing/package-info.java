/**
 * The signer: HMAC-SHA256 over {@code {timestamp}.{body}}, the headers it makes, and nothing else (pure, no
 * Spring).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.headshotpro.webhooks.signing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
