@NullMarked
package com.headshotpro.webhooks.deliverylog.web;

import org.jspecify.annotations.NullMarked;
