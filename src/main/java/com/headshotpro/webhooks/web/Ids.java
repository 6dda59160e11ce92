package com.headshotpro.webhooks.web;

/** The shape of caller-given ids (organizations, models): 1 to 64 of {@code [A-Za-z0-9_-]}. */
public final class Ids {

    public static final String PATTERN = "[A-Za-z0-9_-]{1,64}";
    public static final String MESSAGE = "must be 1 to 64 of A-Z, a-z, 0-9, _ and -";

    private Ids() {}
}
