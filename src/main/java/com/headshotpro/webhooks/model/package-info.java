@NullMarked
package com.headshotpro.webhooks.model;

import org.jspecify.annotations.NullMarked;
