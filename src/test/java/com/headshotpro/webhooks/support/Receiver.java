package com.headshotpro.webhooks.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A real HTTP receiver (WireMock) with a path per organization, and an independent signature check. */
public final class Receiver implements AutoCloseable {

    private final WireMockServer server =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public Receiver() {
        server.start();
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
