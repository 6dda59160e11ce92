package com.headshotpro.webhooks.signing;

import com.headshotpro.webhooks.delivery.Deliveries;

/**
 * A deliberate violation for {@code ModularityTests}: signing declares no dependencies, and this uses
 * delivery. Only the test that proves the check fails imports it; nothing else sees it.
 */
final class ArrowOutsideTheDeclaredOnes {

    Deliveries deliveries;

    private ArrowOutsideTheDeclaredOnes() {}
}
