package com.headshotpro.webhooks.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates the Zapier app by the organization API key in {@code X-API-Key}. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys apiKeys;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys, AuthenticationEntryPoint entryPoint) {
        this.apiKeys = apiKeys;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        var organization = key == null ? java.util.Optional.<String>empty() : apiKeys.organizationOf(key);
        if (organization.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("missing or unknown API key"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(organization.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
