package com.headshotpro.webhooks.failure;

import org.jspecify.annotations.Nullable;

/**
 * A request the service refuses, for a reason the caller can act on. The message is the detail for people;
 * the title, where a failure has one, is a stable name callers tell it apart by.
 */
public abstract sealed class Failure extends RuntimeException
        permits NotFoundException,
                ConflictException,
                InvalidFieldException,
                LimitExceededException,
                TooLargeException,
                InvalidCredentialsException,
                NotPermittedException {

    private final @Nullable String title;

    Failure(@Nullable String title, String detail) {
        super(detail);
        this.title = title;
    }

    /** The failure's own title, or null for its kind's. */
    public @Nullable String title() {
        return title;
    }
}
