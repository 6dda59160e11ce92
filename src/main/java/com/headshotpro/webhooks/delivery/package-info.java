@NullMarked
package com.headshotpro.webhooks.delivery;

import org.jspecify.annotations.NullMarked;
