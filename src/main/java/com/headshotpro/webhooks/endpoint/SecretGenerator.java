package com.headshotpro.webhooks.endpoint;

import com.headshotpro.webhooks.security.ApiKeys;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Fresh secrets from a CSPRNG: webhook signing secrets and organization API keys. */
public final class SecretGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretGenerator() {}

    /** 32 random bytes as 64 lowercase hex characters. */
    public static String signingSecret() {
        return HexFormat.of().formatHex(randomBytes(32));
    }

    /** An opaque API key of the form {@link ApiKeys} expects: a recognisable prefix and 32 random bytes, base64url. */
    public static String apiKey() {
        return ApiKeys.PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(ApiKeys.RANDOM_BYTES));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
