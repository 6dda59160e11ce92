/**
 * The API Settings page (Admin > API): HTML, CSS and JavaScript served from the jar, built on the admin
 * API. The page takes the user's token from its URL fragment and calls the API with it.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.headshotpro.webhooks.page;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
