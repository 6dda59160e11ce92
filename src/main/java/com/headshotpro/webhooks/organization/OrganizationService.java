package com.headshotpro.webhooks.organization;

import com.headshotpro.webhooks.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organizations: upserted by internal services, read by every feature that must know who is allowed. */
@Service
public class OrganizationService {

    private final OrganizationRepository organizations;
    private final Clock clock;

    OrganizationService(OrganizationRepository organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
    }

    /** An organization as other features see it. */
    public record OrganizationView(String id, String name, boolean apiEnabled) {

        static OrganizationView of(Organization organization) {
            return new OrganizationView(organization.id(), organization.name(), organization.apiEnabled());
        }
    }

    @Transactional
    public OrganizationView upsert(String id, String name, boolean apiEnabled) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<Organization> existing = organizations.findById(id);
        if (existing.isPresent()) {
            existing.get().update(name, apiEnabled, now);
            return OrganizationView.of(existing.get());
        }
        try {
            return OrganizationView.of(organizations.saveAndFlush(new Organization(id, name, apiEnabled, now)));
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("The organization was created concurrently; retry");
        }
    }

    @Transactional(readOnly = true)
    public Optional<OrganizationView> find(String id) {
        return organizations.findById(id).map(OrganizationView::of);
    }

    /**
     * The organization, if its API feature is on: the condition of the admin and Zapier APIs. An
     * organization the service has not heard of has no API feature either.
     */
    @Transactional(readOnly = true)
    public OrganizationView requireApiEnabled(String id) {
        return organizations
                .findById(id)
                .filter(Organization::apiEnabled)
                .map(OrganizationView::of)
                .orElseThrow(ApiException::apiFeatureDisabled);
    }
}
