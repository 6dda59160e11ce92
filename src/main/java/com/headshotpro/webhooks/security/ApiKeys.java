package com.headshotpro.webhooks.security;

import java.util.Optional;
import java.util.UUID;

/**
 * Looks up presented API keys; implemented where API keys are kept. The form of an issued key is fixed
 * here, so that a key of any other form is refused without a lookup.
 */
public interface ApiKeys {

    /** What every issued key starts with. */
    String PREFIX = "hsp_";

    /** The random bytes after the prefix, base64url without padding. */
    int RANDOM_BYTES = 32;

    /** The length of an issued key: the prefix and 43 base64url characters. */
    int LENGTH = PREFIX.length() + (RANDOM_BYTES * 8 + 5) / 6;

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

    /** Whether a presented key has the form of an issued one; only such a key is worth a lookup. */
    static boolean isWellFormed(String presentedKey) {
        if (presentedKey.length() != LENGTH || !presentedKey.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = presentedKey.charAt(i);
            boolean base64url =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }
}
