package com.headshotpro.webhooks.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.WebhooksApplication;
import com.headshotpro.webhooks.support.ServiceClient;
import com.headshotpro.webhooks.support.TestDatabases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated bad requests against every call that takes input, over real HTTP to the service on real
 * Postgres: each starts from a valid request and spoils one part of it (a string with NUL, control
 * characters or a lone surrogate, a string too long, a wrong JSON type, a missing field, a time no
 * payload can show, an unknown field, broken JSON, a bad id or parameter). Every one must be answered
 * with a 4xx problem, never a 5xx, and leave the database exactly as it was.
 */
class BadRequestPropertiesTests {

    static ConfigurableApplicationContext app;
    static ServiceClient api;
    static JdbcClient jdbc;
    static String apiKey;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ORG = "fuzz-org";

    @BeforeContainer
    static void startService() {
        TestDatabases.Database database = TestDatabases.migrated();
        app = new SpringApplicationBuilder(WebhooksApplication.class)
                .profiles("test")
                .run(
                        "--server.port=0",
                        "--hooks.delivery.enabled=false",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password());
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        api = new ServiceClient("http://127.0.0.1:" + port);
        jdbc = app.getBean(JdbcClient.class);
        api.organization(ORG);
        ServiceClient.expect(api.createModel(ORG, "m1"), 201);
        apiKey = api.apiKey(ORG);
        api.webhook(ORG, "https://hooks.example.com/fuzz");
    }

    @AfterContainer
    static void stopService() {
        app.close();
    }

    /** One call that takes input, with a valid body (or none) to spoil. */
    enum Call {
        UPSERT_ORGANIZATION("PUT", "/internal/v1/organizations/fuzz-new", "{\"name\":\"Acme\",\"apiEnabled\":true}"),
        CREATE_MODEL(
                "POST",
                "/internal/v1/models",
                "{\"_id\":\"fuzz-m2\",\"organization\":\"" + ORG
                        + "\",\"uid\":\"u-1\",\"title\":\"Team\",\"trigger\":\"api\",\"status\":\"pending\"}"),
        CHANGE_STATUS(
                "PATCH", "/internal/v1/models/m1", "{\"status\":\"finished\",\"finishedAt\":\"2024-01-15T12:00:00Z\"}"),
        FAVORITE(
                "POST",
                "/internal/v1/models/m1/favorite",
                "{\"photoId\":\"p1\",\"urls\":{\"preview\":\"https://cdn.example.com/a\",\"transparent\":"
                        + "\"https://cdn.example.com/b\",\"pfp\":\"https://cdn.example.com/c\"},"
                        + "\"expiresAt\":\"2024-02-15T12:00:00Z\"}"),
        SAVE_WEBHOOK("PUT", "/api/v1/settings/webhook", "{\"url\":\"https://hooks.example.com/other\"}"),
        SUBSCRIBE(
                "POST",
                "/zapier/v1/hooks",
                "{\"targetUrl\":\"https://hooks.zapier.com/x\",\"event\":\"model.created\"}");

        final String method;
        final String path;
        final String body;

        Call(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }
    }

    /** A request to send: a call with its spoiled body. */
    record BadRequest(Call call, String body, String spoiled) {
        @Override
        public String toString() {
            return call + " " + spoiled + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    @Property(tries = 300)
    void badBodiesAreAnswered4xxAndChangeNothing(@ForAll("badBodies") BadRequest request) {
        String before = fingerprint();
        ServiceClient.Answer answer = send(request.call(), request.call().path, request.body());
        assertProblem(answer, request.toString());
        assertThat(fingerprint()).as("database after " + request).isEqualTo(before);
    }

    @Property(tries = 100)
    void badIdsAndParametersAreAnswered4xxAndChangeNothing(@ForAll("badTargets") String target) {
        String before = fingerprint();
        for (String[] call : List.of(
                new String[] {"POST", "/internal/v1/models/" + target + "/photos-ready"},
                new String[] {"DELETE", "/internal/v1/models/" + target},
                new String[] {"GET", "/api/v1/webhooks/deliveries?cursor=" + target},
                new String[] {"GET", "/api/v1/webhooks/deliveries?event=" + target},
                new String[] {"GET", "/api/v1/webhooks/deliveries?status=" + target},
                new String[] {"GET", "/api/v1/webhooks/deliveries?limit=" + target},
                new String[] {"GET", "/api/v1/webhooks/deliveries/" + target},
                new String[] {"POST", "/api/v1/webhooks/deliveries/" + target + "/redeliver"},
                new String[] {"DELETE", "/zapier/v1/hooks/" + target},
                new String[] {"GET", "/zapier/v1/events?event=" + target})) {
            ServiceClient.Answer answer = sendRaw(call[0], call[1], null);
            assertProblem(answer, call[0] + " " + call[1]);
        }
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Provide
    Arbitrary<BadRequest> badBodies() {
        return Combinators.combine(
                        Arbitraries.of(Call.values()), Arbitraries.integers().between(0, 1000), spoilers())
                .as((call, field, spoiler) -> spoiler.apply(call, field));
    }

    @Provide
    Arbitrary<String> badTargets() {
        return Arbitraries.oneOf(
                Arbitraries.of("%00", "%0a", "..%2f", "%20", "%C3%A9", "'", "%22", ";", "*", "%7F", "%1B")
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(4)
                        .map(parts -> "x" + String.join("", parts)),
                Arbitraries.strings().alpha().ofLength(65).map(s -> s + "-too-long"),
                Arbitraries.of("-1", "0", "101", "99999999999999999999", "1e3", "%E2%80%AE", "%C0%AF", "%ED%A0%80"));
    }

    /** Ways to spoil one part of a valid body. */
    interface Spoiler {
        BadRequest apply(Call call, int field);
    }

    private Arbitrary<Spoiler> spoilers() {
        Arbitrary<String> evilText = Arbitraries.of(
                        "\\u0000", "\\u0001", "\\u001b", "\\u007f", "\\u0085", "\\ud800", "\\udfff", "\\u0000\\u0000")
                .flatMap(evil -> Arbitraries.strings().alpha().ofMaxLength(5).map(s -> s + evil + s));
        Arbitrary<String> badTimes = Arbitraries.of(
                "\"+10000-01-01T00:00:00Z\"",
                "\"+300000-01-01T00:00:00Z\"",
                "\"-0001-01-01T00:00:00Z\"",
                "\"2024-13-01T00:00:00Z\"",
                "\"yesterday\"",
                "\"\"",
                "1e400",
                "-9999999999999999999");
        Arbitrary<String> wrongTypes = Arbitraries.of("123", "true", "[]", "{}", "[\"a\"]", "1.5", "{\"a\":{}}");
        return Arbitraries.oneOf(
                evilText.map(evil -> (call, field) -> replaceString(call, field, "\"" + evil + "\"", "evil text")),
                Arbitraries.integers()
                        .between(2050, 70_000)
                        .map(n -> (call, field) -> replaceString(call, field, "\"" + "a".repeat(n) + "\"", "too long")),
                wrongTypes.map(value -> (call, field) -> replaceValue(call, field, value, "wrong type")),
                Arbitraries.just((call, field) -> replaceRequired(call, field, "null")),
                Arbitraries.just((call, field) -> removeField(call, field)),
                badTimes.map(time -> (call, field) -> replaceTime(call, time)),
                Arbitraries.strings()
                        .alpha()
                        .ofMinLength(1)
                        .ofMaxLength(10)
                        .map(name -> (call, field) -> new BadRequest(
                                call, call.body.replaceFirst("\\{", "{\"x" + name + "\":1,"), "unknown field")),
                Arbitraries.integers()
                        .between(1, 40)
                        .map(cut -> (call, field) -> new BadRequest(
                                call, call.body.substring(0, Math.max(1, call.body.length() - cut)), "broken JSON")));
    }

    /** The body with leaf {@code field} (modulo the number of leaves) replaced by raw JSON {@code value}. */
    private static BadRequest replaceValue(Call call, int field, String value, String how) {
        Map<String, Object> body = parse(call.body);
        List<String> leaves = leaves(body, "");
        String leaf = leaves.get(field % leaves.size());
        return new BadRequest(call, set(body, leaf, ofAnotherType(get(body, leaf), value)), how + " in " + leaf);
    }

    /** {@code value}, unless it is of the original's own JSON type (a boolean for a boolean): then a number. */
    private static String ofAnotherType(Object original, String value) {
        boolean sameType = (original instanceof Boolean && (value.equals("true") || value.equals("false")))
                || (original instanceof String && value.startsWith("\""));
        return sameType ? "123" : value;
    }

    private static BadRequest replaceString(Call call, int field, String value, String how) {
        Map<String, Object> body = parse(call.body);
        List<String> leaves = leaves(body, "").stream()
                .filter(leaf -> get(body, leaf) instanceof String)
                .toList();
        String leaf = leaves.get(field % leaves.size());
        return new BadRequest(call, set(body, leaf, value), how + " in " + leaf);
    }

    private static BadRequest replaceTime(Call call, String time) {
        Map<String, Object> body = parse(call.body);
        List<String> times =
                leaves(body, "").stream().filter(leaf -> leaf.endsWith("At")).toList();
        if (times.isEmpty()) {
            return replaceValue(call, 0, "[" + time + "]", "array for a string");
        }
        return new BadRequest(call, set(body, times.getFirst(), time), "bad time in " + times.getFirst());
    }

    private static BadRequest removeField(Call call, int field) {
        return replaceRequired(call, field, null);
    }

    /** A required field set to {@code rawValue}, or removed when that is null. */
    private static BadRequest replaceRequired(Call call, int field, String rawValue) {
        Map<String, Object> body = parse(call.body);
        List<String> required = leaves(body, "").stream()
                .filter(leaf -> !OPTIONAL.contains(leaf))
                .toList();
        String leaf = required.get(field % required.size());
        return new BadRequest(call, set(body, leaf, rawValue), (rawValue == null ? "missing " : "null ") + leaf);
    }

    static final java.util.Set<String> OPTIONAL = java.util.Set.of("_id", "finishedAt", "models.0._id");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        return JSON.readValue(json, LinkedHashMap.class);
    }

    /** The paths of every scalar in the body: {@code urls.preview}, {@code models.0.title}. */
    private static List<String> leaves(Object node, String prefix) {
        if (node instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .flatMap(e -> leaves(e.getValue(), prefix + e.getKey() + ".").stream())
                    .toList();
        }
        if (node instanceof List<?> list) {
            return IntStream.range(0, list.size())
                    .boxed()
                    .flatMap(i -> leaves(list.get(i), prefix + i + ".").stream())
                    .toList();
        }
        return List.of(prefix.substring(0, prefix.length() - 1));
    }

    @SuppressWarnings("unchecked")
    private static Object child(Object node, String part) {
        return node instanceof List<?> list ? list.get(Integer.parseInt(part)) : ((Map<String, Object>) node).get(part);
    }

    private static Object get(Map<String, Object> body, String leaf) {
        Object value = body;
        for (String part : leaf.split("\\.")) {
            value = child(value, part);
        }
        return value;
    }

    /** Serializes the body with {@code leaf} set to raw JSON, or removed when {@code rawValue} is null. */
    @SuppressWarnings("unchecked")
    private static String set(Map<String, Object> body, String leaf, String rawValue) {
        Map<String, Object> copy = parse(JSON.writeValueAsString(body));
        String[] parts = leaf.split("\\.");
        Object parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = child(parent, parts[i]);
        }
        String last = parts[parts.length - 1];
        String marker = "__SPOILED__";
        if (parent instanceof List<?> list) {
            ((List<Object>) list).set(Integer.parseInt(last), rawValue == null ? null : marker);
        } else if (rawValue == null) {
            ((Map<String, Object>) parent).remove(last);
        } else {
            ((Map<String, Object>) parent).put(last, marker);
        }
        return JSON.writeValueAsString(copy).replace("\"" + marker + "\"", String.valueOf(rawValue));
    }

    private static ServiceClient.Answer send(Call call, String path, String body) {
        return sendRaw(call.method, path, body);
    }

    private static ServiceClient.Answer sendRaw(String method, String path, String body) {
        if (path.startsWith("/internal/")) {
            return api.internal(method, path, body);
        }
        if (path.startsWith("/zapier/")) {
            return api.zapier(apiKey, method, path, body);
        }
        return api.teamLead(ORG, method, path, body);
    }

    private static void assertProblem(ServiceClient.Answer answer, String what) {
        assertThat(answer.status())
                .as("status of " + what + ": " + answer.body())
                .isBetween(400, 499);
        assertThat(answer.response().headers().firstValue("Content-Type"))
                .as("content type of " + what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    /** A digest of every row the service keeps. */
    private static String fingerprint() {
        StringBuilder sql = new StringBuilder("SELECT md5(string_agg(h, ',' ORDER BY h)) FROM (");
        List<String> tables = List.of(
                "organization",
                "endpoint",
                "api_key",
                "model",
                "event",
                "delivery",
                "delivery_attempt",
                "idempotency_key");
        for (int i = 0; i < tables.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT '")
                    .append(tables.get(i))
                    .append(":' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ")
                    .append(tables.get(i))
                    .append(" t");
        }
        return jdbc.sql(sql.append(") x").toString()).query(String.class).single();
    }
}
