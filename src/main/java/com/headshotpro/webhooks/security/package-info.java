@NullMarked
package com.headshotpro.webhooks.security;

import org.jspecify.annotations.NullMarked;
