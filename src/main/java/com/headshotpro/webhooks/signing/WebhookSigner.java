package com.headshotpro.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * Signs webhook bodies, the one place a signature is made; receivers verify as the README shows. Two
 * signatures of the same secret, for two kinds of receiver:
 *
 * <ul>
 *   <li>HeadshotPro's own: {@code sha256=} and the lowercase hex HMAC-SHA256, keyed with the secret's
 *       UTF-8 bytes, over {@code {timestamp}.{raw body}};
 *   <li>Standard Webhooks: {@code v1,} and the base64 HMAC-SHA256, keyed with the 32 bytes the 64-hex
 *       secret encodes, over {@code {id}.{timestamp}.{raw body}}, so that any Standard Webhooks library
 *       verifies it with the secret {@code whsec_} + base64 of those bytes ({@link #standardSecret}).
 * </ul>
 */
public final class WebhookSigner {

    public static final String SCHEME = "sha256=";
    public static final String STANDARD_SCHEME = "v1,";

    private WebhookSigner() {}

    public static String sign(String secret, long timestampSeconds, byte[] body) {
        return SCHEME
                + new HmacUtils(HmacAlgorithms.HMAC_SHA_256, secret.getBytes(StandardCharsets.UTF_8))
                        .hmacHex(signed(timestampSeconds + ".", body));
    }

    /** The {@code webhook-signature} of Standard Webhooks for message {@code id}. */
    public static String signStandard(String secret, String id, long timestampSeconds, byte[] body) {
        byte[] mac = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, HexFormat.of().parseHex(secret))
                .hmac(signed(id + "." + timestampSeconds + ".", body));
        return STANDARD_SCHEME + Base64.getEncoder().encodeToString(mac);
    }

    /** The secret as Standard Webhooks libraries take it: {@code whsec_} and base64 of its 32 bytes. */
    public static String standardSecret(String secret) {
        return "whsec_" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(secret));
    }

    private static byte[] signed(String prefix, byte[] body) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[start.length + body.length];
        System.arraycopy(start, 0, signed, 0, start.length);
        System.arraycopy(body, 0, signed, start.length, body.length);
        return signed;
    }
}
