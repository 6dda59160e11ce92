package com.headshotpro.webhooks.organization;

import java.util.Optional;
import org.springframework.data.repository.Repository;

interface OrganizationRepository extends Repository<Organization, String> {

    Optional<Organization> findById(String id);
}
