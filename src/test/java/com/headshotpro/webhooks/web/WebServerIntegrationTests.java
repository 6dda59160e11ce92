package com.headshotpro.webhooks.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.support.TestClockConfiguration;
import com.headshotpro.webhooks.support.TestDatabaseConfiguration;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The real web server, as ops run it and browsers meet it: a connection that says nothing is closed
 * after the connection timeout, health lives on a management port of its own, beside (not behind) the
 * API port's connections, and the page's protective headers come with every method.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.tomcat.connection-timeout=300ms",
            "management.server.port=0",
            "hooks.delivery.enabled=false"
        })
@Import({TestDatabaseConfiguration.class, TestClockConfiguration.class})
@ActiveProfiles("test")
class WebServerIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aConnectionThatSendsNoRequestIsClosedAfterTheConnectionTimeout() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(10_000); // far past the 300 ms the server allows: a read that times out fails
            InputStream in = silent.getInputStream();
            assertThat(in.read()).as("the server closed the silent connection").isEqualTo(-1);
        }
    }

    @Test
    void healthAnswersOnTheManagementPortAndNotOnTheApiPort() throws Exception {
        HttpResponse<String> liveness = get(managementPort, "/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"UP\"");
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode())
                .isEqualTo(200);
        assertThat(get(managementPort, "/actuator/prometheus").statusCode()).isEqualTo(200);

        assertThat(get(port, "/actuator/health/liveness").statusCode()).isIn(401, 404);
    }

    @Test
    void theSettingsPageAnswersAHeadWithTheHeadersOfItsGet() throws Exception {
        HttpResponse<String> get = get(port, "/settings/api");
        HttpResponse<Void> head = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/settings/api"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        for (String header : List.of("Content-Security-Policy", "Referrer-Policy", "Cache-Control")) {
            assertThat(get.headers().allValues(header)).as(header).isNotEmpty();
            assertThat(head.headers().allValues(header))
                    .as(header)
                    .isEqualTo(get.headers().allValues(header));
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
