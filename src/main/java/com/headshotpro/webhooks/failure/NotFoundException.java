package com.headshotpro.webhooks.failure;

/** The thing asked for does not exist, or not for this organization. */
public final class NotFoundException extends Failure {

    /** {@code what} is the thing's name, as "Webhook": the detail says "Webhook not found". */
    public NotFoundException(String what) {
        super(null, what + " not found");
    }
}
