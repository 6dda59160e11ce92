package com.headshotpro.webhooks.failure;

/** The credentials are missing or no longer valid (an API key replaced while its request ran). */
public final class InvalidCredentialsException extends Failure {

    public InvalidCredentialsException() {
        super(null, "Missing or invalid credentials");
    }
}
