@NullMarked
package com.headshotpro.webhooks.zapier.web;

import org.jspecify.annotations.NullMarked;
