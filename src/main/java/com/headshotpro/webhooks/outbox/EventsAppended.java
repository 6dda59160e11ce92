package com.headshotpro.webhooks.outbox;

import java.util.List;

/**
 * Events were stored in the outbox, in this order. Published synchronously inside the storing
 * transaction, so that whatever a listener writes (the deliveries) commits or vanishes with them.
 */
public record EventsAppended(List<EventAppended> events) {}
