@NullMarked
package com.headshotpro.webhooks.organization.web;

import org.jspecify.annotations.NullMarked;
