package com.headshotpro.webhooks.failure;

import org.jspecify.annotations.Nullable;

/** The caller is known but may not make this call (no organization in its token, the API feature off). */
public final class NotPermittedException extends Failure {

    public NotPermittedException(String detail) {
        this(null, detail);
    }

    public NotPermittedException(@Nullable String title, String detail) {
        super(title, detail);
    }
}
