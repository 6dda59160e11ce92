package com.headshotpro.webhooks.organization.web;

import com.headshotpro.webhooks.organization.OrganizationService;
import com.headshotpro.webhooks.organization.OrganizationService.OrganizationView;
import com.headshotpro.webhooks.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/internal/v1/organizations")
@Tag(name = "Internal: organizations", description = "Called by the services that own organizations")
@SecurityRequirement(name = "bearer")
class OrganizationController {

    private final OrganizationService organizations;

    OrganizationController(OrganizationService organizations) {
        this.organizations = organizations;
    }

    record OrganizationRequest(
            @NotBlank @Size(max = 200) String name, @NotNull Boolean apiEnabled) {}

    record OrganizationResponse(String id, String name, boolean apiEnabled) {

        static OrganizationResponse of(OrganizationView view) {
            return new OrganizationResponse(view.id(), view.name(), view.apiEnabled());
        }
    }

    @PutMapping("/{orgId}")
    @Operation(summary = "Create or update an organization")
    OrganizationResponse upsert(
            @PathVariable @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String orgId,
            @Valid @RequestBody OrganizationRequest request) {
        return OrganizationResponse.of(organizations.upsert(orgId, request.name(), request.apiEnabled()));
    }
}
