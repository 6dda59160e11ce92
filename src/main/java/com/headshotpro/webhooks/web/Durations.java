package com.headshotpro.webhooks.web;

import java.time.Duration;

/** Durations as messages to callers say them. */
public final class Durations {

    private Durations() {}

    /** "5 days", "3 hours", "90 seconds": the largest whole unit. */
    public static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0 && seconds >= 86_400) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3600 == 0 && seconds >= 3600) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0 && seconds >= 60) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
