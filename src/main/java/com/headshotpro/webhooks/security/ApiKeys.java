package com.headshotpro.webhooks.security;

import java.util.Optional;

/** Looks up the organization of a presented API key; implemented where API keys are kept. */
public interface ApiKeys {

    Optional<String> organizationOf(String presentedKey);
}
