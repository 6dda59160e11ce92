@NullMarked
package com.headshotpro.webhooks.model.web;

import org.jspecify.annotations.NullMarked;
