@NullMarked
package com.headshotpro.webhooks.settings;

import org.jspecify.annotations.NullMarked;
