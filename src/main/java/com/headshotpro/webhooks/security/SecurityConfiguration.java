package com.headshotpro.webhooks.security;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.web.ProblemWriter;
import com.headshotpro.webhooks.web.WebProperties;
import com.nimbusds.jwt.JWTParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may call what. User tokens carry {@code org} and {@code roles} (TeamLead for the admin API);
 * service tokens carry the scope {@code hooks.internal}; the Zapier app sends the organization's API
 * key. Tokens are HS256 with the shared key, or RS256 from a JWK set when one is configured; both are
 * held to the same claims ({@link #validator}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final int MIN_JWT_KEY_BYTES = 32;

    @Bean
    @Order(1)
    SecurityFilterChain zapierApi(
            HttpSecurity http,
            ApiKeys apiKeys,
            SecurityProperties properties,
            Clock clock,
            ProblemSecurityHandlers handlers,
            DatabaseAvailability database,
            ProblemWriter problems) {
        ApiKeyFailures failures = new ApiKeyFailures(properties.apiKeyFailuresPerMinute(), clock);
        return stateless(http)
                .securityMatcher("/zapier/**")
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(apiKeys, failures, handlers, database, problems),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ZAPIER"))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .build();
    }

    /**
     * The API Settings page and its assets: public (the page holds no data; it calls the API with the
     * user's token), under a strict Content-Security-Policy, never cached, sending no referrer.
     */
    @Bean
    @Order(2)
    SecurityFilterChain settingsPage(HttpSecurity http, WebProperties web) {
        return stateless(http)
                .securityMatcher("/settings/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.frameOptions(frame -> frame.disable())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(web.contentSecurityPolicy()))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        // before the page is forwarded to: a HEAD's bodiless response is committed where
                        // the filter's commit hook does not see it, and would go out without them
                        .withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                            @Override
                            public <F extends HeaderWriterFilter> F postProcess(F filter) {
                                filter.setShouldWriteHeadersEagerly(true);
                                return filter;
                            }
                        }))
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain tokenApi(HttpSecurity http, ProblemSecurityHandlers handlers) {
        return stateless(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/internal/**")
                        .hasAuthority("SCOPE_hooks.internal")
                        .requestMatchers("/api/**")
                        .hasRole("TeamLead")
                        .anyRequest()
                        .denyAll())
                .oauth2ResourceServer(oauth -> oauth.authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter())))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .build();
    }

    private static HttpSecurity stateless(HttpSecurity http) {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable());
    }

    /**
     * No spans around every security filter: they cost more CPU than the rest of a request, and the
     * {@code http.server.requests} observation already times each call.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** {@code scope} becomes SCOPE_ authorities, {@code roles} ROLE_ authorities. */
    static JwtAuthenticationConverter authenticationConverter() {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
            Object roles = jwt.getClaims().get("roles");
            if (roles instanceof Collection<?> list) {
                list.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
            } else if (roles instanceof String role) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
            }
            return authorities;
        });
        return converter;
    }

    /** Refuses placeholder and guessable keys as soon as they are bound. */
    @Bean
    static KeyPolicy keyPolicy(Environment environment) {
        return new KeyPolicy(environment);
    }

    /**
     * Tokens are dated by their issuer's wall clock, so they are checked against this machine's, not the
     * service's clock (the database's time; a settable one in tests): the validators and the cache of
     * verified tokens alike, so that a cached token expires when a fresh decoding would refuse it.
     */
    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        Clock tokens = Clock.systemUTC();
        return new CachingJwtDecoder(verifyingDecoder(properties, tokens), tokens);
    }

    /**
     * What every token must satisfy, whichever key signed it: not expired and with an {@code exp}, an
     * {@code iat} and a lifetime of at most {@code hooks.security.jwt.max-lifetime}, and the configured
     * issuer and audience.
     */
    static OAuth2TokenValidator<Jwt> validator(SecurityProperties.JwtProperties jwt, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(TokenLifetimeValidator.CLOCK_SKEW);
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                timestamps,
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new TokenLifetimeValidator(jwt.maxLifetime(), clock)));
        if (jwt.issuer() != null && !jwt.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(jwt.issuer()));
        }
        if (jwt.audience() != null && !jwt.audience().isBlank()) {
            validators.add(new JwtAudienceValidator(jwt.audience()));
        }
        return JwtValidators.createDefaultWithValidators(validators);
    }

    /** HS256 with the shared key, RS256 from the JWK set, or either by the token's header. */
    static JwtDecoder verifyingDecoder(SecurityProperties properties, Clock clock) {
        OAuth2TokenValidator<Jwt> validator = validator(properties.jwt(), clock);
        @Nullable JwtDecoder hs256 = null;
        String secret = properties.jwtSecret();
        if ((secret == null || secret.isBlank())
                && (properties.jwkSetUri() == null || properties.jwkSetUri().isBlank())) {
            throw new IllegalStateException("hooks.security.jwt-secret (HOOKS_SECURITY_JWT_SECRET) is not set: "
                    + "refusing to start. Generate one with: openssl rand -hex 32 (or run with the dev profile).");
        }
        if (secret != null && !secret.isBlank()) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            if (key.length < MIN_JWT_KEY_BYTES) {
                throw new IllegalStateException(
                        "hooks.security.jwt-secret (HOOKS_SECURITY_JWT_SECRET) must be at least "
                                + "32 bytes. Generate one with: openssl rand -hex 32");
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            decoder.setJwtValidator(validator);
            hs256 = decoder;
        }
        @Nullable JwtDecoder rs256 = null;
        if (properties.jwkSetUri() != null && !properties.jwkSetUri().isBlank()) {
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
            decoder.setJwtValidator(validator);
            rs256 = decoder;
        }
        return byAlgorithm(hs256, rs256);
    }

    private static JwtDecoder byAlgorithm(@Nullable JwtDecoder hs256, @Nullable JwtDecoder rs256) {
        if (rs256 == null && hs256 != null) {
            return hs256;
        }
        if (hs256 == null && rs256 != null) {
            return rs256;
        }
        return token -> {
            String algorithm;
            try {
                algorithm = JWTParser.parse(token).getHeader().getAlgorithm().getName();
            } catch (ParseException | RuntimeException e) {
                throw new BadJwtException("malformed token");
            }
            JwtDecoder decoder = "HS256".equals(algorithm) ? hs256 : "RS256".equals(algorithm) ? rs256 : null;
            if (decoder == null) {
                throw new BadJwtException("unsupported token algorithm");
            }
            return decoder.decode(token);
        };
    }
}
