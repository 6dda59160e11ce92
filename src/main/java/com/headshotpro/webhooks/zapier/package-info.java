@NullMarked
package com.headshotpro.webhooks.zapier;

import org.jspecify.annotations.NullMarked;
