package com.headshotpro.webhooks.signing;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * Signs webhook bodies: {@code sha256=} and the lowercase hex HMAC-SHA256, keyed with the secret's UTF-8
 * bytes, over {@code {timestamp}.{raw body}}. The one place a signature is made; receivers verify it
 * as the README shows.
 */
public final class WebhookSigner {

    public static final String SCHEME = "sha256=";

    private WebhookSigner() {}

    public static String sign(String secret, long timestampSeconds, byte[] body) {
        byte[] prefix = (timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return SCHEME
                + new HmacUtils(HmacAlgorithms.HMAC_SHA_256, secret.getBytes(StandardCharsets.UTF_8)).hmacHex(signed);
    }
}
