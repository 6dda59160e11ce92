package com.headshotpro.webhooks.security;

import com.headshotpro.webhooks.failure.NotPermittedException;
import org.springframework.security.oauth2.jwt.Jwt;

/** What a user token says about its holder. */
public final class Caller {

    private Caller() {}

    /** The organization of a TeamLead's token; a token without one may not use the admin API. */
    public static String organization(Jwt jwt) {
        String organization = jwt.getClaimAsString("org");
        if (organization == null || organization.isBlank()) {
            throw new NotPermittedException("The token names no organization");
        }
        return organization;
    }
}
