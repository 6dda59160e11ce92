package com.headshotpro.webhooks.failure;

/** One field of the request is not acceptable, as validation failures say it: the field and why. */
public final class InvalidFieldException extends Failure {

    private final String field;
    private final String reason;

    /** {@code reason} reads after the field's name: "must be within the retention of 30 days". */
    public InvalidFieldException(String field, String reason) {
        super(null, "'" + field + "' " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
