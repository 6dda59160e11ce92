package com.headshotpro.webhooks.settings;

import java.util.Optional;
import org.springframework.data.repository.Repository;

interface ApiKeyRepository extends Repository<ApiKey, String> {

    Optional<ApiKey> findById(String organizationId);

    Optional<ApiKey> findByKeyHash(String keyHash);
}
