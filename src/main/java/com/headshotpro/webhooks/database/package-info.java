/** The service's view of its Postgres: the one clock all replicas share, and whether it can be reached. */
@NullMarked
package com.headshotpro.webhooks.database;

import org.jspecify.annotations.NullMarked;
