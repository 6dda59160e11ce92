package com.headshotpro.webhooks.security;

import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An organization authenticated by its API key: the key's id is kept, the key itself is not. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String organizationId;
    private final UUID keyId;

    ApiKeyAuthentication(ApiKeys.IssuedKey key) {
        super(List.of(new SimpleGrantedAuthority("ROLE_ZAPIER")));
        this.organizationId = key.organizationId();
        this.keyId = key.id();
        setAuthenticated(true);
    }

    public String organizationId() {
        return organizationId;
    }

    /** The id of the key the request was made with ({@link ApiKeys.IssuedKey#id()}). */
    public UUID keyId() {
        return keyId;
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
