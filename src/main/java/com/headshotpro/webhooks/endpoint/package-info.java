@NullMarked
package com.headshotpro.webhooks.endpoint;

import org.jspecify.annotations.NullMarked;
