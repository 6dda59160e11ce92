@NullMarked
package com.headshotpro.webhooks.organization;

import org.jspecify.annotations.NullMarked;
