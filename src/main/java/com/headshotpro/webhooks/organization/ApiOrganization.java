package com.headshotpro.webhooks.organization;

/**
 * The caller's organization, with its API feature on: the condition of the admin API and the Zapier
 * API, checked in this one place. A controller method that takes an {@code ApiOrganization} gets it
 * from the request's authentication (a TeamLead token's {@code org} claim, or the organization of an
 * API key) before it runs; an organization whose API feature is off, or that the service has not heard
 * of, is answered 403 "API feature not enabled" instead, and the method never runs. Services take the
 * organization's id from it and check nothing more.
 */
public record ApiOrganization(String id, String name) {}
