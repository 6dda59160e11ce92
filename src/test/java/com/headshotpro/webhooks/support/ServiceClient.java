package com.headshotpro.webhooks.support;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Calls of a running service over real HTTP, as its clients make them: internal services with their
 * token, a TeamLead with theirs, the Zapier app with an API key.
 */
public final class ServiceClient {

    /** What a call answered. */
    public record Answer(int status, String body, HttpResponse<String> response) {

        public <T> T read(String jsonPath) {
            return JsonPath.read(body, jsonPath);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ServiceClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Answer send(String method, String path, String authorization, String header, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header(header, authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer internal(String method, String path, String body) {
        return send(method, path, Tokens.bearer(Tokens.internalService()), "Authorization", body);
    }

    public Answer teamLead(String organization, String method, String path, String body) {
        return send(method, path, Tokens.bearer(Tokens.teamLead(organization)), "Authorization", body);
    }

    public Answer zapier(String apiKey, String method, String path, String body) {
        return send(method, path, apiKey, "X-API-Key", body);
    }

    public void organization(String id) {
        expect(
                internal(
                        "PUT", "/internal/v1/organizations/" + id, "{\"name\":\"Org " + id + "\",\"apiEnabled\":true}"),
                200);
    }

    /** Saves the webhook URL; returns the new secret on the first save, null on later ones. */
    public String webhook(String organization, String url) {
        Answer saved =
                expect(teamLead(organization, "PUT", "/api/v1/settings/webhook", "{\"url\":\"" + url + "\"}"), 200);
        return saved.body().contains("\"newSecret\"") ? saved.read("$.newSecret") : null;
    }

    public String apiKey(String organization) {
        return expect(teamLead(organization, "POST", "/api/v1/settings/api-key", null), 201)
                .read("$.apiKey");
    }

    public Answer subscribe(String apiKey, String targetUrl, String event) {
        return zapier(
                apiKey,
                "POST",
                "/zapier/v1/hooks",
                "{\"targetUrl\":\"" + targetUrl + "\",\"event\":\"" + event + "\"}");
    }

    public Answer createModel(String organization, String id) {
        return internal("POST", "/internal/v1/models", model(organization, id));
    }

    /** Creates the models in one batch call, in the order of {@code ids}. */
    public Answer createModels(String organization, List<String> ids) {
        List<String> models = ids.stream().map(id -> model(organization, id)).toList();
        return internal("POST", "/internal/v1/models/batch", "{\"models\": [" + String.join(",", models) + "]}");
    }

    private static String model(String organization, String id) {
        return """
                {"_id": "%s", "organization": "%s", "uid": "u-1", "title": "Team shoot", "trigger": "api",
                 "status": "pending"}
                """.formatted(id, organization);
    }

    public static Answer expect(Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("expected " + status + " but got " + answer.status() + ": " + answer.body());
        }
        return answer;
    }
}
