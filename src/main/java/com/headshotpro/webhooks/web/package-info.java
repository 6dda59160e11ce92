/**
 * What every API shares: RFC 9457 problems, field errors as data, request size and JSON limits, the OpenAPI
 * page.
 */
@ApplicationModule(allowedDependencies = {"database", "failure"})
@NullMarked
package com.headshotpro.webhooks.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
