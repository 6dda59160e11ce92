package com.headshotpro.webhooks.web;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The API Settings page.
 *
 * @param frameAncestors who may embed the page in a frame: the CSP {@code frame-ancestors} sources, such
 *     as {@code 'self' https://app.headshotpro.com}
 */
@Validated
@ConfigurationProperties("hooks.web")
public record WebProperties(
        @DefaultValue("'self'") @Pattern(regexp = "[^;,\\r\\n]+", message = "must be CSP sources, without ; or ,")
        String frameAncestors) {

    /**
     * The page's Content-Security-Policy: its own scripts, styles and API calls only, no inline script or
     * style, no forms, no plugins, and framed only by {@link #frameAncestors}.
     */
    public String contentSecurityPolicy() {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors " + frameAncestors;
    }
}
