@NullMarked
package com.headshotpro.webhooks.settings.web;

import org.jspecify.annotations.NullMarked;
