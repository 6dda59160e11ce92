package com.headshotpro.webhooks.security;

import java.util.Optional;
import java.util.UUID;

/** Looks up presented API keys; implemented where API keys are kept. */
public interface ApiKeys {

    /** An organization's current API key, by its id (which changes whenever the key is replaced). */
    record IssuedKey(UUID id, String organizationId) {}

    /** The current key a presented API key is, if it is one. */
    Optional<IssuedKey> find(String presentedKey);

    /**
     * Whether the key is still its organization's current one; if so it stays current until the calling
     * transaction ends (a replacement waits for it), so what the transaction makes with it is seen by the
     * replacement.
     */
    boolean holdIfCurrent(UUID keyId);
}
