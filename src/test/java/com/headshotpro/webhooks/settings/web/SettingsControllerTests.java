package com.headshotpro.webhooks.settings.web;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.endpoint.Endpoint;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.organization.ApiOrganization;
import com.headshotpro.webhooks.organization.OrganizationService;
import com.headshotpro.webhooks.settings.SettingsService;
import com.headshotpro.webhooks.web.ProblemWriter;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The settings controller alone (MVC slice, no database): how it validates a request, which
 * organization it acts for, and how refusals become RFC 9457 problems. The services behind it are
 * stand-ins; what they do is tested against Postgres in {@code SettingsApiIntegrationTests}.
 */
@WebMvcTest(SettingsController.class)
@Import(ProblemWriter.class)
class SettingsControllerTests {

    static final String ORG = "org-slice";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SettingsService settings;

    @MockitoBean
    OrganizationService organizations;

    @MockitoBean
    DatabaseAvailability database;

    private static MockHttpServletRequestBuilder saveWebhook(String body) {
        return put("/api/v1/settings/webhook")
                .with(jwt().jwt(token -> token.claim("org", ORG)))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    @Test
    void aSavedUrlIsSavedForTheTokensOrganizationAndItsNewSecretShownOnce() throws Exception {
        given(organizations.requireApiEnabled(ORG)).willReturn(new ApiOrganization(ORG, "Acme"));
        given(settings.saveWebhook(ORG, "https://hooks.example.com/in"))
                .willReturn(new EndpointView(
                        UUID.randomUUID(),
                        ORG,
                        Endpoint.Kind.WEBHOOK,
                        "https://hooks.example.com/in",
                        null,
                        null,
                        null,
                        null,
                        Instant.parse("2026-12-01T10:00:00Z"),
                        Instant.parse("2026-12-01T10:00:00Z"),
                        "ab".repeat(32),
                        null,
                        null));

        mvc.perform(saveWebhook("{\"url\":\"https://hooks.example.com/in\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("https://hooks.example.com/in"))
                .andExpect(jsonPath("$.newSecret").value("ab".repeat(32)))
                .andExpect(jsonPath("$.secret.exists").value(true))
                .andExpect(jsonPath("$.disabled").isEmpty());
    }

    @Test
    void aBlankUrlIsAProblemNamingTheFieldAndReachesNoService() throws Exception {
        given(organizations.requireApiEnabled(ORG)).willReturn(new ApiOrganization(ORG, "Acme"));

        mvc.perform(saveWebhook("{\"url\":\" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        verifyNoInteractions(settings);
    }

    @Test
    void aUrlThePolicyRefusesIsAProblemNamingTheFieldAsTheServiceSaidIt() throws Exception {
        given(organizations.requireApiEnabled(ORG)).willReturn(new ApiOrganization(ORG, "Acme"));
        given(settings.saveWebhook(ORG, "http://10.0.0.1/"))
                .willThrow(new InvalidFieldException("url", "must not point to a private or internal address"));

        mvc.perform(saveWebhook("{\"url\":\"http://10.0.0.1/\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("url"))
                .andExpect(jsonPath("$.errors[0].message").value("must not point to a private or internal address"));
    }

    @Test
    void anOrganizationWithoutTheApiFeatureIsRefusedBeforeTheControllerRuns() throws Exception {
        given(organizations.requireApiEnabled(anyString())).willThrow(OrganizationService.apiFeatureDisabled());

        mvc.perform(saveWebhook("{\"url\":\"https://hooks.example.com/in\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403));
        verify(organizations).requireApiEnabled(ORG);
        verifyNoInteractions(settings);
    }

    @Test
    void aTokenThatNamesNoOrganizationIsRefused() throws Exception {
        mvc.perform(put("/api/v1/settings/webhook")
                        .with(jwt())
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"https://hooks.example.com/in\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The token names no organization"));
        verifyNoInteractions(organizations, settings);
    }

    @Test
    void aBodyThatIsNotJsonIsAProblemAndReachesNoService() throws Exception {
        given(organizations.requireApiEnabled(ORG)).willReturn(new ApiOrganization(ORG, "Acme"));

        mvc.perform(saveWebhook("{\"url\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(settings);
    }
}
