package com.headshotpro.webhooks.web;

/**
 * What text the service accepts from callers: anything Postgres can store and a webhook payload can
 * carry unchanged. NUL (which Postgres text cannot hold), the other control characters but tab, line
 * feed and carriage return, and unpaired surrogates (which cannot be encoded as UTF-8, so would be
 * stored and sent altered) are refused.
 */
final class PlainText {

    public static final String RULE = "must not contain NUL, other control characters or unpaired surrogates";

    /** What a time must be ({@link RequestJsonConfiguration}). */
    public static final String TIME_RULE =
            "must be an ISO-8601 time such as 2024-01-15T12:00:00Z, in the years 1 to 9999";

    private PlainText() {}

    public static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
