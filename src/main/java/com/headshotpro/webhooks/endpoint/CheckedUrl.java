package com.headshotpro.webhooks.endpoint;

/**
 * A target URL that passed the URL policy, names resolved included. Only {@link EndpointService#checkUrl}
 * makes one, outside any transaction, so the methods that store URLs cannot be handed an unchecked one,
 * and no database connection waits on DNS.
 */
public final class CheckedUrl {

    private final String url;

    CheckedUrl(String url) {
        this.url = url;
    }

    public String value() {
        return url;
    }

    @Override
    public String toString() {
        return url;
    }
}
