package com.headshotpro.webhooks.security;

import com.headshotpro.webhooks.failure.InvalidCredentialsException;
import com.headshotpro.webhooks.failure.NotPermittedException;
import com.headshotpro.webhooks.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** 401 and 403 as problem responses. The reason a token was refused stays in the server. */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemWriter problems;

    ProblemSecurityHandlers(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", request.getRequestURI().startsWith("/zapier/") ? "X-API-Key" : "Bearer");
        problems.write(response, new InvalidCredentialsException());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        problems.write(response, new NotPermittedException("The credentials do not allow this call"));
    }
}
