package com.headshotpro.webhooks.settings.web;

import com.headshotpro.webhooks.security.Caller;
import com.headshotpro.webhooks.settings.SettingsService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Admin: delivery log")
@SecurityRequirement(name = "bearer")
class WebhookTestController {

    private final SettingsService settings;

    WebhookTestController(SettingsService settings) {
        this.settings = settings;
    }

    record TestEventResponse(String eventId) {}

    @PostMapping("/api/v1/webhooks/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a signed webhook.test event to the webhook URL, through the normal dispatcher")
    TestEventResponse test(@AuthenticationPrincipal Jwt jwt) {
        return new TestEventResponse(settings.sendTestEvent(Caller.organization(jwt)));
    }
}
