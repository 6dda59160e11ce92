package com.headshotpro.webhooks.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A real HTTP receiver (WireMock) with a path per organization, and an independent signature check. */
public final class Receiver implements AutoCloseable {

    private final WireMockServer server =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public Receiver() {
        server.start();
        warmUp();
    }

    /**
     * One request answered before any test's: WireMock's first answer can take longer than a test's 1 s
     * request timeout on a loaded machine, which a delivery would see as a timeout and send again.
     */
    private void warmUp() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            client.send(
                    HttpRequest.newBuilder(URI.create(url("/__warm-up")))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.resetRequests();
    }

    public String url(String path) {
        return server.baseUrl() + path;
    }

    public void answer(String path, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(path)).willReturn(response));
    }

    public void answerOk(String path) {
        answer(path, aResponse().withStatus(200).withBody("thanks"));
    }

    /** Answers the next request on {@code path} with {@code first}, and every one after it with 200. */
    public void answerFirst(String path, ResponseDefinitionBuilder first) {
        String scenario = "first-" + path + "-" + UUID.randomUUID();
        server.stubFor(post(urlPathEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first)
                .willSetStateTo("answered"));
        server.stubFor(post(urlPathEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs("answered")
                .willReturn(aResponse().withStatus(200)));
    }

    public WireMockServer server() {
        return server;
    }

    public List<LoggedRequest> received(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    /** HMAC-SHA256 over {timestamp}.{body}, computed here without the service's signer. */
    public static boolean signatureValid(LoggedRequest request, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((request.getHeader("X-HeadshotPro-Timestamp") + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.getBody()));
            return expected.equals(request.getHeader("X-HeadshotPro-Signature"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
