/**
 * Who is calling: TeamLead and service JWTs, organization API keys, and the problems for a refused request.
 */
@ApplicationModule(allowedDependencies = {"database", "failure", "web"})
@NullMarked
package com.headshotpro.webhooks.security;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
