package com.headshotpro.webhooks.endpoint;

import java.util.UUID;

/** An endpoint was disabled; published inside the disabling transaction so its pending deliveries end with it. */
public record EndpointDisabled(UUID endpointId) {}
