package com.headshotpro.webhooks.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An organization authenticated by its API key. The key itself is not kept. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String organizationId;

    ApiKeyAuthentication(String organizationId) {
        super(List.of(new SimpleGrantedAuthority("ROLE_ZAPIER")));
        this.organizationId = organizationId;
        setAuthenticated(true);
    }

    public String organizationId() {
        return organizationId;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return organizationId;
    }
}
