package com.headshotpro.webhooks.page;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code GET /settings/api} is the page ({@code static/settings/api.html} with its assets under
 * {@code /settings/assets/}); security gives it its Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
class SettingsPageConfiguration implements WebMvcConfigurer {

    static final String PAGE = "/settings/api";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController(PAGE).setViewName("forward:/settings/api.html");
    }
}
