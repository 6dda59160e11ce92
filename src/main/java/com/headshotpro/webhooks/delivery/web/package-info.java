@NullMarked
package com.headshotpro.webhooks.delivery.web;

import org.jspecify.annotations.NullMarked;
