package com.headshotpro.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.headshotpro.webhooks.security.SecurityProperties;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the delivery engine is handed to sign with: a sealed secret it cannot read, opened here. */
class SigningSecretsTests {

    private static final SecretCipher CIPHER = new SecretCipher(new SecurityProperties(
            null,
            null,
            Base64.getEncoder()
                    .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII))));
    private final SigningSecrets secrets = new SigningSecrets(CIPHER);

    @Test
    void opensWhatTheEndpointFeatureSealedAndItsTextSaysNothing() {
        String secret = SecretGenerator.signingSecret();
        byte[] ciphertext = CIPHER.encrypt(secret);
        SealedSecret sealed = SealedSecret.of(ciphertext);
        ciphertext[0] ^= 1; // the sealed secret keeps its own copy

        assertThat(secrets.open(sealed)).isEqualTo(secret);
        assertThat(sealed.toString()).isEqualTo("SealedSecret[<masked>]").doesNotContain(secret);
    }

    @Test
    void aSecretSealedUnderAnotherKeyCannotBeOpened() {
        SigningSecrets otherKey = new SigningSecrets(new SecretCipher(new SecurityProperties(
                null,
                null,
                Base64.getEncoder()
                        .encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII)))));
        SealedSecret sealed = SealedSecret.of(CIPHER.encrypt(SecretGenerator.signingSecret()));

        assertThatThrownBy(() -> otherKey.open(sealed)).isInstanceOf(IllegalStateException.class);
    }
}
