package com.headshotpro.webhooks.organization.web;

import com.headshotpro.webhooks.failure.NotPermittedException;
import com.headshotpro.webhooks.organization.ApiOrganization;
import com.headshotpro.webhooks.organization.OrganizationService;
import com.headshotpro.webhooks.security.ApiKeyAuthentication;
import com.headshotpro.webhooks.security.Caller;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Resolves {@link ApiOrganization} arguments: who is calling, and whether its API feature is on. */
@Configuration(proxyBeanMethods = false)
class ApiOrganizationResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private final OrganizationService organizations;

    ApiOrganizationResolver(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ApiOrganization.class;
    }

    @Override
    public ApiOrganization resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        return organizations.requireApiEnabled(
                organizationOf(SecurityContextHolder.getContext().getAuthentication()));
    }

    private static String organizationOf(Authentication authentication) {
        return switch (authentication) {
            case JwtAuthenticationToken token -> Caller.organization(token.getToken());
            case ApiKeyAuthentication apiKey -> apiKey.organizationId();
            case null, default -> throw new NotPermittedException("This call needs an organization's credentials");
        };
    }
}
