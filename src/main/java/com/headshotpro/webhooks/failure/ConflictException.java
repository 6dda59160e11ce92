package com.headshotpro.webhooks.failure;

import org.jspecify.annotations.Nullable;

/** The request does not fit the present state (a taken id, a replay still running, a key used otherwise). */
public final class ConflictException extends Failure {

    public ConflictException(String detail) {
        this(null, detail);
    }

    /** A conflict with a title of its own, for one callers tell apart from others. */
    public ConflictException(@Nullable String title, String detail) {
        super(title, detail);
    }
}
