package com.headshotpro.webhooks.deliverylog.web;

import com.headshotpro.webhooks.failure.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The delivery log's opaque cursor: the id the next page starts below, which callers need not know. */
final class DeliveryCursor {

    private static final String PREFIX = "d:";

    private DeliveryCursor() {}

    static String encode(long id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The id a cursor stands for; a cursor this API did not return is a 400 naming the parameter. */
    static long decode(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!decoded.startsWith(PREFIX)) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(decoded.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("cursor", "is not a cursor this API returned");
        }
    }
}
