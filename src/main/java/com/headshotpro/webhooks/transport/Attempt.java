package com.headshotpro.webhooks.transport;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a delivery, as it is recorded and as the delivery log shows it: when it started, how
 * long it took, and the status code with the first 8 KiB of the response, or the error that ended it.
 * Whatever a receiver sent, the texts here are storable: the error is cut to 1 KiB and cleaned of NUL
 * and other control characters, the response cleaned of NUL (which Postgres text cannot hold).
 * {@code retryAfter} is what a 429 or 503 asked for in {@code Retry-After}, at most an hour: it decides
 * the next attempt's time and is not kept.
 */
public record Attempt(
        int number,
        Instant at,
        int durationMs,
        @Nullable Integer statusCode,
        @Nullable String error,
        @Nullable String response,
        @JsonIgnore @Nullable Duration retryAfter) {

    public static final int MAX_ERROR_CHARS = 1024;

    public Attempt {
        error = error == null ? null : cleanError(error);
        response = response == null ? null : response.replace("\u0000", "");
    }

    public Attempt(
            int number,
            Instant at,
            int durationMs,
            @Nullable Integer statusCode,
            @Nullable String error,
            @Nullable String response) {
        this(number, at, durationMs, statusCode, error, response, null);
    }

    public static Attempt failed(int number, Instant at, int durationMs, String error) {
        return new Attempt(number, at, durationMs, null, error, null);
    }

    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    public String describe() {
        return error != null ? error : "HTTP " + statusCode;
    }

    /** The attempt with no response text and a plain ASCII error: what is stored when the full form cannot be. */
    public Attempt reduced() {
        String plain = error == null ? null : error.replaceAll("[^\\x20-\\x7e]", "?");
        return new Attempt(number, at, durationMs, statusCode, plain, null, retryAfter);
    }

    /**
     * Control characters and lone surrogates become spaces (a run of them one space), and the text is
     * cut to 1024 characters, never inside a surrogate pair.
     */
    public static String cleanError(String text) {
        String cleaned = text.replaceAll("[\\p{Cntrl}\\p{Cs}]+", " ").strip();
        if (cleaned.length() <= MAX_ERROR_CHARS) {
            return cleaned;
        }
        int cut = MAX_ERROR_CHARS - 1;
        if (Character.isHighSurrogate(cleaned.charAt(cut - 1))) {
            cut--;
        }
        return cleaned.substring(0, cut) + "…";
    }
}
