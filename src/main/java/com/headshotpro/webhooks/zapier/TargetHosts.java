package com.headshotpro.webhooks.zapier;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hosts a Zapier subscription may target ({@code hooks.zapier.target-hosts}): each matches itself
 * and its subdomains, case-insensitively, so {@code hooks.zapier.com} admits {@code x.hooks.zapier.com}
 * but not {@code evilhooks.zapier.com}. Pure, and checked before the URL policy resolves any name.
 */
final class TargetHosts {

    private final List<String> hosts;

    TargetHosts(List<String> hosts) {
        this.hosts = hosts.stream()
                .map(TargetHosts::normalized)
                .filter(host -> !host.isEmpty())
                .distinct()
                .toList();
        if (this.hosts.isEmpty()) {
            throw new IllegalArgumentException("hooks.zapier.target-hosts names no host");
        }
    }

    /**
     * Why the URL's host is not allowed, if it is not. A URL that does not parse at all is left to the URL
     * policy, which refuses it for that; one that parses without a host the JDK recognizes is refused here.
     */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host != null && allows(host)) {
            return Optional.empty();
        }
        return Optional.of(
                hosts.size() == 1
                        ? "must be a URL on " + hosts.getFirst() + " or one of its subdomains"
                        : "must be a URL on one of " + String.join(", ", hosts) + ", or one of their subdomains");
    }

    boolean allows(String host) {
        String candidate = normalized(host);
        return hosts.stream().anyMatch(allowed -> candidate.equals(allowed) || candidate.endsWith("." + allowed));
    }

    private static String normalized(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        while (h.startsWith(".")) {
            h = h.substring(1);
        }
        return h;
    }
}
