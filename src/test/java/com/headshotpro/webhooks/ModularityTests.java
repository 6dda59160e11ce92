package com.headshotpro.webhooks;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each top-level package is a feature; features use each other only through their top-level types
 * (services, events), never through another feature's internals, and without cycles.
 */
class ModularityTests {

    @Test
    void featuresDependOnEachOtherOnlyThroughTheirPublicApiAndWithoutCycles() {
        ApplicationModules.of(WebhooksApplication.class).verify();
    }
}
