package com.headshotpro.webhooks.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTests {

    // Vectors computed independently: printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$secret"
    private static final String SECRET = "3f1c9a7be24d6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778";

    @Test
    void signsTimestampDotBodyWithTheSecretsUtf8Bytes() {
        byte[] body = "{\"id\":\"evt_1\",\"event\":\"model.created\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSigner.sign(SECRET, 1705320000L, body))
                .isEqualTo("sha256=9592d1fbabcd0aee58f55920a9fe56e37ee9701405391af21b19cf6f22071932");
    }

    @Test
    void signsTheRawBytesOfNonAsciiBodies() {
        byte[] body = "{\"title\":\"Zoë — héadshots\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSigner.sign(SECRET, 1705320000L, body))
                .isEqualTo("sha256=6ac27940ace2de9764707bdb0df733d8eb28aab974efd5319bd7eda043d644de");
    }

    // printf '%s' "$id.$ts.$body" | openssl dgst -sha256 -mac HMAC -macopt hexkey:"$secret" -binary | base64
    @Test
    void signsIdDotTimestampDotBodyForStandardWebhooksWithTheBytesTheHexSecretEncodes() {
        byte[] body = "{\"id\":\"evt_1\",\"event\":\"model.created\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSigner.signStandard(SECRET, "evt_1", 1705320000L, body))
                .isEqualTo("v1,YSKXPRiQ6tZklIIvtVg41Dst4P4/fMaYkdItoQXr07Q=");
    }

    // printf '%s' "$secret" | xxd -r -p | base64
    @Test
    void theStandardWebhooksSecretIsWhsecAndBase64OfTheSecretsBytes() {
        assertThat(WebhookSigner.standardSecret(SECRET))
                .isEqualTo("whsec_Pxyae+JNbo8KGyw9Tl9gcYKTpLXG1+j5ARIjNEVWZ3g=");
    }

    @Test
    void aDifferentTimestampOrSecretGivesADifferentSignature() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.sign(SECRET, 1L, body);
        assertThat(WebhookSigner.sign(SECRET, 2L, body)).isNotEqualTo(signature);
        assertThat(WebhookSigner.sign(SECRET.replace('3', '4'), 1L, body)).isNotEqualTo(signature);
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
    }
}
