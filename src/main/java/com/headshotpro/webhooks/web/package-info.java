@NullMarked
package com.headshotpro.webhooks.web;

import org.jspecify.annotations.NullMarked;
