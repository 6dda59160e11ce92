package com.headshotpro.webhooks.security;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.web.ProblemWriter;
import com.headshotpro.webhooks.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates the Zapier app by the organization API key in {@code X-API-Key}. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys apiKeys;
    private final AuthenticationEntryPoint entryPoint;
    private final DatabaseAvailability database;
    private final ProblemWriter problems;

    ApiKeyAuthenticationFilter(
            ApiKeys apiKeys,
            AuthenticationEntryPoint entryPoint,
            DatabaseAvailability database,
            ProblemWriter problems) {
        this.apiKeys = apiKeys;
        this.entryPoint = entryPoint;
        this.database = database;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        Optional<String> organization;
        try {
            organization = key == null ? Optional.empty() : apiKeys.organizationOf(key);
        } catch (RuntimeException e) {
            if (!database.report(e)) {
                throw e;
            }
            response.setHeader(HttpHeaders.RETRY_AFTER, Problems.retryAfter(e));
            problems.write(response, Problems.databaseUnavailable(e));
            return;
        }
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
