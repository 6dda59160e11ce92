@NullMarked
package com.headshotpro.webhooks.outbox;

import org.jspecify.annotations.NullMarked;
