package com.headshotpro.webhooks.security;

import com.headshotpro.webhooks.web.ProblemWriter;
import com.headshotpro.webhooks.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * A request the security firewall refuses before any controller sees it (an encoded NUL, a line break or a
 * traversal in the URL) gets a 400 problem like every other bad request, not an empty error page.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

    private final ProblemWriter problems;

    RejectedRequests(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        problems.write(response, Problems.malformedRequest());
    }
}
