package com.headshotpro.webhooks.failure;

/** A well-formed request that would do more than one request may (a replay of too many deliveries). */
public final class TooLargeException extends Failure {

    public TooLargeException(String title, String detail) {
        super(title, detail);
    }
}
