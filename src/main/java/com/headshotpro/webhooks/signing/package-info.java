@NullMarked
package com.headshotpro.webhooks.signing;

import org.jspecify.annotations.NullMarked;
