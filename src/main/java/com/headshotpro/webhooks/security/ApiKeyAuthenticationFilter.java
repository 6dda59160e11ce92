package com.headshotpro.webhooks.security;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.failure.LimitExceededException;
import com.headshotpro.webhooks.web.ProblemWriter;
import com.headshotpro.webhooks.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the Zapier app by the organization API key in {@code X-API-Key}. Only a key of the issued
 * form, not refused lately, from a client within its allowance of failures (or a key that authenticated
 * lately, from any client) is looked up in the database: any other is refused at once (401, or 429 with
 * {@code Retry-After} once the client used up its allowance).
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys apiKeys;
    private final ApiKeyFailures failures;
    private final AuthenticationEntryPoint entryPoint;
    private final DatabaseAvailability database;
    private final ProblemWriter problems;

    ApiKeyAuthenticationFilter(
            ApiKeys apiKeys,
            ApiKeyFailures failures,
            AuthenticationEntryPoint entryPoint,
            DatabaseAvailability database,
            ProblemWriter problems) {
        this.apiKeys = apiKeys;
        this.failures = failures;
        this.entryPoint = entryPoint;
        this.database = database;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null) {
            unauthorized(request, response);
            return;
        }
        String client = ApiKeyFailures.client(request.getRemoteAddr());
        Optional<Duration> wait = failures.wait(client);
        if (wait.isPresent() && !failures.acceptedLately(key)) {
            long seconds = LimitExceededException.wholeSeconds(wait.get());
            problems.write(
                    response,
                    new LimitExceededException(
                            "Too many failed API key attempts from this address; try again in " + seconds + " s",
                            wait.get()));
            return;
        }
        Optional<ApiKeys.IssuedKey> issued = Optional.empty();
        if (ApiKeys.isWellFormed(key) && !failures.refusedLately(key)) {
            try {
                issued = apiKeys.find(key);
            } catch (RuntimeException e) {
                if (!database.report(e)) {
                    throw e;
                }
                response.setHeader(HttpHeaders.RETRY_AFTER, Problems.retryAfter(e));
                problems.write(response, Problems.databaseUnavailable(e));
                return;
            }
            if (issued.isEmpty()) {
                failures.refused(key);
            } else {
                failures.accepted(key);
            }
        }
        if (issued.isEmpty()) {
            failures.failed(client);
            unauthorized(request, response);
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(issued.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        SecurityContextHolder.clearContext();
        entryPoint.commence(request, response, new BadCredentialsException("missing or unknown API key"));
    }
}
