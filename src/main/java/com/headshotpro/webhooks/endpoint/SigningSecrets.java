package com.headshotpro.webhooks.endpoint;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/** What the delivery engine signs with: an endpoint's secret, opened as the engine takes a fresh copy of the endpoint. */
@NamedInterface("signing")
@Component
public class SigningSecrets {

    private final SecretCipher cipher;

    public SigningSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** The secret in plain text; an {@link IllegalStateException} when it cannot be opened (another key). */
    public String open(SealedSecret secret) {
        return cipher.decrypt(secret.ciphertext());
    }
}
