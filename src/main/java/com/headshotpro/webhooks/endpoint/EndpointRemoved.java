package com.headshotpro.webhooks.endpoint;

import java.util.UUID;

/** An endpoint was removed; published inside the removing transaction so its pending deliveries end with it. */
public record EndpointRemoved(UUID endpointId) {}
