package com.headshotpro.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.headshotpro.webhooks.security.SecurityProperties;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTests {

    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final SecretCipher cipher = new SecretCipher(new SecurityProperties(null, null, KEY));

    @Test
    void roundTripsWithAFreshNonceEveryTime() {
        String secret = SecretGenerator.signingSecret();
        byte[] first = cipher.encrypt(secret);
        byte[] second = cipher.encrypt(secret);
        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(cipher.decrypt(first)).isEqualTo(secret);
        assertThat(cipher.decrypt(second)).isEqualTo(secret);
    }

    @Test
    void anotherKeyOrATamperedCiphertextCannotDecrypt() {
        byte[] sealed = cipher.encrypt(SecretGenerator.signingSecret());
        String otherKey = Base64.getEncoder()
                .encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new SecretCipher(new SecurityProperties(null, null, otherKey)).decrypt(sealed))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToStartWithoutAProperKey() {
        assertThatThrownBy(() -> new SecretCipher(new SecurityProperties(null, null, null)))
                .hasMessageContaining("HOOKS_SECURITY_ENCRYPTION_KEY")
                .hasMessageContaining("refusing to start");
        assertThatThrownBy(() -> new SecretCipher(new SecurityProperties(null, null, "c2hvcnQ=")))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretCipher(new SecurityProperties(null, null, "not base64!")))
                .hasMessageContaining("base64");
    }

    @Test
    void generatesSecretsAndKeysOfTheContractedShape() {
        assertThat(SecretGenerator.signingSecret())
                .matches("[0-9a-f]{64}")
                .isNotEqualTo(SecretGenerator.signingSecret());
        assertThat(SecretGenerator.apiKey()).matches("hsp_[A-Za-z0-9_-]{43}");
    }
}
