package com.headshotpro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.support.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as production starts it: no profile, only {@code application.yml}'s settings, the keys and
 * the database given from outside, on an empty database that Flyway migrates. The test profile sets pool
 * sizes of its own, so a failure of the shipped defaults (as the pools beside the main one once failed on
 * its unset minimum-idle) would be seen by no other test.
 */
class ShippedConfigurationTests {

    @Test
    void theServiceStartsWithTheShippedSettingsAndIsReady() throws Exception {
        TestDatabases.Database database = TestDatabases.create();
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(WebhooksApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        // small, so that its idle connections (the shipped minimum-idle: the whole pool) fit
                        "--spring.datasource.hikari.maximum-pool-size=2",
                        "--hooks.security.jwt-secret=" + key(48),
                        "--hooks.security.encryption-key=" + key(32))) {
            assertThat(service.getEnvironment().getActiveProfiles()).isEmpty();
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            HttpResponse<String> readiness = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        }
    }

    private static String key(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
