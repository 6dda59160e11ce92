package com.headshotpro.webhooks.endpoint;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface EndpointRepository extends Repository<Endpoint, UUID> {

    Endpoint save(Endpoint endpoint);

    /** Inserts now, so that a concurrent twin fails here, as a conflict, rather than at commit. */
    Endpoint saveAndFlush(Endpoint endpoint);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query(
            "select e from Endpoint e where e.organizationId = ?1 and e.kind = com.headshotpro.webhooks.endpoint.Endpoint.Kind.WEBHOOK and e.deletedAt is null")
    Optional<Endpoint> findActiveWebhookForUpdate(String organizationId);

    @Query(
            "select e from Endpoint e where e.organizationId = ?1 and e.kind = com.headshotpro.webhooks.endpoint.Endpoint.Kind.WEBHOOK and e.deletedAt is null")
    Optional<Endpoint> findActiveWebhook(String organizationId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from Endpoint e where e.id = ?1 and e.deletedAt is null")
    Optional<Endpoint> findActive(UUID id);

    @Query(
            "select count(e) from Endpoint e where e.organizationId = ?1 and e.kind = com.headshotpro.webhooks.endpoint.Endpoint.Kind.ZAPIER and e.deletedAt is null")
    long countActiveSubscriptions(String organizationId);

    /** Holds the organization's subscription lock until the transaction ends (a Postgres advisory lock). */
    @Query(
            value = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('zapier:' || ?1, 0))) AS locked",
            nativeQuery = true)
    int lockSubscriptionsOf(String organizationId);

    @Query(
            "select e from Endpoint e where e.id = ?1 and e.organizationId = ?2 and e.kind = com.headshotpro.webhooks.endpoint.Endpoint.Kind.ZAPIER and e.deletedAt is null")
    Optional<Endpoint> findActiveSubscription(UUID id, String organizationId);

    @Query(
            "select e from Endpoint e where e.organizationId = ?1 and e.kind = com.headshotpro.webhooks.endpoint.Endpoint.Kind.ZAPIER and e.deletedAt is null order by e.createdAt, e.id")
    List<Endpoint> findActiveSubscriptions(String organizationId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query(
            "select e from Endpoint e where e.organizationId = ?1 and e.kind = com.headshotpro.webhooks.endpoint.Endpoint.Kind.ZAPIER and e.deletedAt is null and (e.apiKeyId is null or e.apiKeyId <> ?2)")
    List<Endpoint> findActiveSubscriptionsNotMadeWithForUpdate(String organizationId, UUID apiKeyId);

    @Query("select e from Endpoint e where e.organizationId = ?1 and e.deletedAt is null")
    List<Endpoint> findActiveOf(String organizationId);

    @Query("select e from Endpoint e where e.id = ?1 and e.organizationId = ?2 and e.deletedAt is null")
    Optional<Endpoint> findActive(UUID id, String organizationId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from Endpoint e where e.id = ?1 and e.organizationId = ?2 and e.deletedAt is null")
    Optional<Endpoint> findActiveForUpdate(UUID id, String organizationId);

    @Query(
            "select count(e) from Endpoint e where e.organizationId = ?1 and e.kind = com.headshotpro.webhooks.endpoint.Endpoint.Kind.ENDPOINT and e.deletedAt is null")
    long countActiveEndpoints(String organizationId);

    /** Holds the organization's endpoint lock until the transaction ends (a Postgres advisory lock). */
    @Query(
            value = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('endpoints:' || ?1, 0))) AS locked",
            nativeQuery = true)
    int lockEndpointsOf(String organizationId);
}
