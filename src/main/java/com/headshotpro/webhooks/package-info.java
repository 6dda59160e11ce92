@NullMarked
package com.headshotpro.webhooks;

import org.jspecify.annotations.NullMarked;
