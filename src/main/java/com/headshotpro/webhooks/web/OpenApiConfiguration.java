package com.headshotpro.webhooks.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI page at /swagger-ui.html: what the service is, and its two kinds of credentials. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI openApi() {
        return new OpenAPI()
                .info(new Info().title("HeadshotPro webhooks").version("v1").description("""
                                Signed webhook and Zapier delivery of model events. Internal services report model \
                                changes (JWT with scope hooks.internal); TeamLead admins manage the webhook, its \
                                secret, the API key and the delivery log (JWT with org and roles); the Zapier app \
                                uses the organization API key. Errors are RFC 9457 application/problem+json."""))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT"))
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key")));
    }
}
