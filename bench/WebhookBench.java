// Benchmark harness: runs the packaged service against the local Postgres and an in-process receiver,
// and measures drain, ingest, latency, isolation from a slow endpoint, two replicas, and peak memory.
// Run through bench/run.sh (it builds the jar and passes the JDBC driver on the class path).
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class WebhookBench {

    static final String JWT_KEY = "dev-only-jwt-secret-do-not-use-in-production";
    static final String PG = System.getenv().getOrDefault("BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/");
    static final String DB = "hooks_bench";
    /**
     * The service runs as shipped: the environment of the Dockerfile's runtime stage (its ENV lines:
     * JAVA_TOOL_OPTIONS, MALLOC_ARENA_MAX), -XX:MaxRAM at docker-compose.yml's memory limit (what the JVM
     * sees in that container), and the AOT cache that scripts/aot-cache.sh trains, as the Dockerfile does.
     */
    static final Map<String, String> SHIPPED_ENV = dockerfileEnv(Path.of("Dockerfile"));
    static final String MEMORY_LIMIT = composeMemoryLimit(Path.of("docker-compose.yml"));
    /** Options added after the shipped ones, to try another configuration (e.g. -XX:NativeMemoryTracking=summary). */
    static final String EXTRA_JAVA_OPTS = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "");
    /** BENCH_AOT_CACHE=0: without the AOT cache, to see what it is worth. */
    static final boolean AOT_CACHE = !"0".equals(System.getenv("BENCH_AOT_CACHE"));
    /** On the service's command line; JAVA_TOOL_OPTIONS comes with the environment, as in the image. */
    static final List<String> COMMAND_LINE_OPTS = Arrays.stream(("-XX:MaxRAM=" + MEMORY_LIMIT
                    + (AOT_CACHE ? " -XX:AOTCache=app.aot " : " ") + EXTRA_JAVA_OPTS).trim().split("\\s+"))
            .toList();
    static final String JAVA_OPTS =
            (SHIPPED_ENV.getOrDefault("JAVA_TOOL_OPTIONS", "") + " " + String.join(" ", COMMAND_LINE_OPTS)).trim();
    /** A replica just deployed is measured from this long after its process started. */
    static final int FROM_START_SECONDS = 45;
    static final String LABEL = System.getenv().getOrDefault("BENCH_LABEL", "run");
    static final int DRAIN = Integer.parseInt(System.getenv().getOrDefault("BENCH_DRAIN", "20000"));
    static final int LATENCY_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_LATENCY_SECONDS", "60"));
    static final int ISOLATION_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_ISOLATION_SECONDS", "30"));
    static final int WARMUP_ROUNDS = Integer.parseInt(
            System.getenv().getOrDefault("BENCH_WARMUP_ROUNDS", System.getenv("BENCH_QUICK") != null ? "1" : "3"));
    static final int INGEST_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_INGEST_SECONDS", "20"));
    static final Pattern MODEL_ID = Pattern.compile("\"_id\":\"([^\"]+)\"");
    /** BENCH_QUICK=1: drain, latency, ingest, batch ingest, recovery and memory only, one warm-up round. */
    static final boolean QUICK = System.getenv("BENCH_QUICK") != null;
    /** BENCH_RECOVERY_ONLY=1: after the warm-up, the drain and then the recovery only, for their ratio. */
    static final boolean RECOVERY_ONLY = System.getenv("BENCH_RECOVERY_ONLY") != null;
    /**
     * BENCH_NO_SETTLE=1: the recovery starts at once, beside the deliveries the scenarios before it left
     * pending (the batch ingest's, some 40,000), as it did before issue 18: its figure then was their share.
     */
    static final boolean SETTLE = System.getenv("BENCH_NO_SETTLE") == null;
    /** JSON lines of the peer benchmark run in the same sitting (bench/run.sh writes them). */
    static final String PEERS_FILE = System.getenv("BENCH_PEERS_FILE");
    /** The service as it was before a change, to measure its ingest in the same sitting. */
    static final String BASELINE_JAR = System.getenv("BENCH_BASELINE_JAR");
    /**
     * The script that trains the old build's AOT cache: BENCH_BASELINE_AOT_SCRIPT, the old commit's
     * scripts/aot-cache.sh, when today's cannot train that build (the JPA builds needed two spring.jpa options).
     */
    static final String BASELINE_AOT_SCRIPT =
            System.getenv().getOrDefault("BENCH_BASELINE_AOT_SCRIPT", "scripts/aot-cache.sh");
    /**
     * BENCH_INGEST_ONLY=1: only the two ingest scenarios (and, with BENCH_BASELINE_JAR, the old build's),
     * after warm-up rounds of ingest alone: to profile or compare the ingest path in a few minutes.
     */
    static final boolean INGEST_ONLY = System.getenv("BENCH_INGEST_ONLY") != null;

    static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path out = Path.of(args.length > 1 ? args[1] : "bench/results");
        Files.createDirectories(out);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("label", LABEL);
        results.put("startedAt", Instant.now().toString());
        results.put("javaOpts", JAVA_OPTS);
        results.put("cores", Runtime.getRuntime().availableProcessors());
        results.put("cpu", cpuModel());

        if (System.getenv("BENCH_HISTORY") != null) {
            try (Receiver receiver = new Receiver()) {
                results.put("history", history(jar, receiver));
            }
            results.put("finishedAt", Instant.now().toString());
            String json = toJson(results, 0);
            Files.writeString(out.resolve(LABEL + "-history-latest.json"), json);
            System.out.println(json);
            return;
        }
        String only = System.getenv("BENCH_ONLY");
        if (only != null) { // a quick look at one build: the scenario alone (wide beside the drain and latency it is compared with)
            try (Receiver receiver = new Receiver()) {
                recreateDatabase();
                Service a = Service.start(jar, 18081, List.of());
                try {
                    setup(a, receiver);
                    warmUp(a, receiver, "A");
                    switch (only) {
                        case "besideRetries" -> results.put("besideRetries", besideRetries(a, receiver));
                        case "wide" -> results.put("wide", wide(a, receiver));
                        default -> throw new IllegalArgumentException("BENCH_ONLY: besideRetries or wide, not " + only);
                    }
                } finally {
                    a.stop();
                }
            }
            System.out.println(toJson(results, 0));
            return;
        }
        if (INGEST_ONLY) {
            results.putAll(ingestScenarios(jar));
            results.put("finishedAt", Instant.now().toString());
            String json = toJson(results, 0);
            Files.writeString(out.resolve(LABEL + "-ingest-latest.json"), json);
            System.out.println(json);
            return;
        }
        if (BASELINE_JAR != null) {
            Service.prepare(Path.of(BASELINE_JAR)); // now: a build that cannot start should fail the sitting at once
        }
        try (Receiver receiver = new Receiver()) {
            recreateDatabase();
            Service a = Service.start(jar, 18081, List.of());
            try {
                setup(a, receiver);
                warmUp(a, receiver, "A");
                results.put("drain", drain(List.of(a), receiver, "drain1"));
                if (RECOVERY_ONLY) {
                    results.put("recovery", recovery(a, receiver));
                    results.put("recoveryToDrain", round((double) ((Map<?, ?>) results.get("recovery")).get("deliveriesPerSecond")
                            / (double) ((Map<?, ?>) results.get("drain")).get("deliveriesPerSecond")));
                    String json = toJson(results, 0);
                    Files.writeString(out.resolve(LABEL + "-recovery-latest.json"), json);
                    System.out.println(json);
                    return;
                }
                results.put("latency", latency(a, receiver, "bench", LATENCY_SECONDS, false));
                results.put("besideRetries", besideRetries(a, receiver));
                results.put("wide", wide(a, receiver));
                if (!QUICK) {
                    Map<String, Object> isolation = new LinkedHashMap<>();
                    isolation.put("withoutSlow", latency(a, receiver, "iso", ISOLATION_SECONDS, false));
                    isolation.put("withSlow", latency(a, receiver, "iso", ISOLATION_SECONDS, true));
                    double base = (double) ((Map<?, ?>) isolation.get("withoutSlow")).get("p99Ms");
                    double slow = (double) ((Map<?, ?>) isolation.get("withSlow")).get("p99Ms");
                    isolation.put("p99Ratio", round(slow / Math.max(base, 0.001)));
                    results.put("isolation", isolation);
                    results.put("hostile", hostile(a, receiver, isolation));
                }
                results.put("ingest", ingest(a));
                results.put("batchIngest", batchIngest(a));
                results.put("recovery", recovery(a, receiver));
                if (QUICK) {
                    results.put("peakRssMb", Map.of("replicaA", a.peakRssMb()));
                } else {
                    Service b = Service.start(jar, 18082, List.of());
                    try {
                        warmUp(b, receiver, "B");
                        results.put("twoReplicas", drain(List.of(a, b), receiver, "drain2"));
                        results.put("peakRssMb", Map.of("replicaA", a.peakRssMb(), "replicaB", b.peakRssMb()));
                    } finally {
                        b.stop();
                    }
                }
            } finally {
                a.stop();
            }
            results.put("fromStart", fromStart(jar, receiver, results));
            if (!QUICK) {
                results.put("endlessHeader", endlessHeader(jar));
            }
            if (BASELINE_JAR != null) {
                results.put("baselineIngest", baselineIngest(Path.of(BASELINE_JAR)));
            }
            if (!QUICK) {
                try {
                    results.put("history", history(jar, receiver));
                } catch (Exception e) {
                    // the last and longest scenario: its failure keeps the sitting's other figures
                    e.printStackTrace();
                    results.put("history", Map.of("failed", e.toString()));
                }
            }
        }
        results.put("peers", peers());
        results.put("ratios", ratios(results));
        results.put("finishedAt", Instant.now().toString());
        String json = toJson(results, 0);
        String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
        Files.writeString(out.resolve(LABEL + "-" + stamp + ".json"), json);
        Files.writeString(out.resolve(LABEL + "-latest.json"), json);
        Chart.write(results, LABEL + ", " + JAVA_OPTS, out.resolve(LABEL + "-chart.png"));
        System.out.println(json);
        printRatios(results);
    }

    // ---------------------------------------------------------------- scenarios

    static void setup(Service service, Receiver receiver) throws Exception {
        organization(service, "bench", receiver.url("/fast/bench"));
        organization(service, "ingest", receiver.url("/fast/ingest"));
        organization(service, "recovery", receiver.url("/fast/recovery"));
        for (int i = 0; i < 20; i++) {
            organization(service, "iso-" + i, receiver.url("/fast/iso-" + i));
        }
        organization(service, "iso-slow", receiver.url("/slow/iso-slow"));
        organization(service, "wide", receiver.url("/multi/wide/ep0"));
        for (int i = 1; i < WIDE_ENDPOINTS; i++) {
            call(service, "POST", "/api/v1/endpoints", token(leadClaims("wide")),
                    "{\"url\":\"" + receiver.url("/multi/wide/ep" + i) + "\"}", 201);
        }
    }

    static final int WIDE_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_WIDE_SECONDS", "30"));

    /** How many endpoints the wide organization has, its webhook included: the most one may have, 20. */
    static final int WIDE_ENDPOINTS = 20;

    /** The endpoints' names under the wide organization's receiver path, each arrival recorded as id~name. */
    static List<String> wideEndpoints() {
        return IntStream.range(0, WIDE_ENDPOINTS).mapToObj(i -> "~ep" + i).toList();
    }

    /**
     * Whether 20 endpoints in one organization (its webhook and 19 of its own, every event type) cost more
     * than one each in 20: the same traffic both ways. Drains of 20,000 deliveries, to the one endpoint of
     * "bench" and to the 20 of "wide" (a twentieth as many events), three of each in turn, the medians
     * compared; and latency at 100 deliveries a second in bursts of 20 every 200 ms: one event to the wide
     * organization, or one event to each of 20 organizations with one endpoint ("iso-0" to "iso-19").
     */
    static Map<String, Object> wide(Service service, Receiver receiver) throws Exception {
        List<Double> one = new ArrayList<>();
        List<Double> twenty = new ArrayList<>();
        List<Map<String, Object>> drains = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Map<String, Object> toOne = drain(List.of(service), receiver, "bench", "wdrainone" + round, DRAIN);
            Map<String, Object> toTwenty = drain(List.of(service), receiver, "wide", "wdrainwide" + round, DRAIN);
            one.add((double) toOne.get("deliveriesPerSecond"));
            twenty.add((double) toTwenty.get("deliveriesPerSecond"));
            drains.add(Map.of("toOneEndpoint", toOne, "toTwentyEndpoints", toTwenty));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("endpoints", WIDE_ENDPOINTS);
        r.put("drains", drains);
        r.put("drainMedianToOne", medianOf(one));
        r.put("drainMedianToTwenty", medianOf(twenty));
        r.put("latencyTo20Organizations", latency(service, receiver, "iso20", WIDE_SECONDS, false, 100));
        r.put("latencyToOneWith20Endpoints", latency(service, receiver, "wide", WIDE_SECONDS, false, 100 / WIDE_ENDPOINTS));
        return r;
    }

    static double medianOf(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /**
     * One organization whose 100 endpoints (the webhook and 99 Zapier subscriptions) never answer, each
     * attempt held for the whole request timeout, while 21 other organizations get 100 events/s: their
     * latency beside it, against the same scenario without it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> hostile(Service service, Receiver receiver, Map<String, Object> isolation) throws Exception {
        organization(service, "hostile", receiver.url("/hang/hostile-webhook"));
        String key = call(service, "POST", "/api/v1/settings/api-key", token(leadClaims("hostile")), "", 201)
                .replaceAll(".*\"apiKey\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 99; i++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(service.url("/zapier/v1/hooks")))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"targetUrl\":\"" + receiver.url("/hang/hostile-" + i)
                                    + "\",\"event\":\"model.created\"}"))
                            .header("X-API-Key", key)
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("subscribe -> " + response.statusCode() + " " + response.body());
            }
        }
        String lead = token(serviceClaims());
        for (int m = 0; m < 5; m++) {
            call(service, "POST", "/internal/v1/models", lead, "{\"_id\":\"hostile-" + m + "-" + System.nanoTime()
                    + "\",\"organization\":\"hostile\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"bench\",\"status\":\"pending\"}", 201);
        }
        Map<String, Object> beside = latency(service, receiver, "iso", ISOLATION_SECONDS, false);
        double base = (double) ((Map<String, Object>) isolation.get("withoutSlow")).get("p99Ms");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("hangingEndpoints", 100);
        r.put("hangingDeliveries", 500);
        r.put("others", beside);
        r.put("p99RatioToWithout", round((double) beside.get("p99Ms") / Math.max(base, 0.001)));
        return r;
    }

    /**
     * A replica just deployed, alone (the warm one has stopped): 100 events/s from the moment it is ready,
     * and the latency of those sent from {@value #FROM_START_SECONDS} s after its process started, for 30 s,
     * beside the warm replica's figure of this sitting.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fromStart(Path jar, Receiver receiver, Map<String, Object> results) throws Exception {
        long begin = System.nanoTime();
        Service fresh = Service.start(jar, 18086, List.of());
        try {
            double ready = (System.nanoTime() - begin) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("readySeconds", round(ready));
            try {
                r.put("untilMark", latency(fresh, receiver, "bench", (int) Math.max(1, Math.ceil(FROM_START_SECONDS - ready)), false));
                r.put("markSeconds", round((System.nanoTime() - begin) / 1e9));
                Map<String, Object> after = latency(fresh, receiver, "bench", 30, false);
                r.put("fromMark", after);
                Map<String, Object> warm = (Map<String, Object>) results.get("latency");
                r.put("p50ToWarm", round((double) after.get("p50Ms") / (double) warm.get("p50Ms")));
                r.put("p99ToWarm", round((double) after.get("p99Ms") / (double) warm.get("p99Ms")));
                r.put("peakRssMb", fresh.peakRssMb());
            } catch (IllegalStateException e) {
                // a replica that falls behind for good (or dies: its log says why) is this scenario's result
                r.put("failed", e.getMessage());
                r.put("alive", fresh.process().isAlive());
                r.put("lastLogLine", read(fresh.log()).strip().replaceAll("(?s).*\n", ""));
            }
            return r;
        } finally {
            fresh.stop();
        }
    }

    /**
     * Peak memory of a fresh replica whose only receiver answers "200 OK" and then one header line that never
     * ends, for every one of 500 deliveries and their immediate retries.
     */
    static Map<String, Object> endlessHeader(Path jar) throws Exception {
        try (var flood = new java.net.ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                byte[] filler = "a".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                while (!flood.isClosed()) {
                    try {
                        var socket = flood.accept();
                        Thread.ofVirtual().start(() -> {
                            try (socket) {
                                socket.getInputStream().read(new byte[4096]);
                                var out = socket.getOutputStream();
                                out.write("HTTP/1.1 200 OK\r\nX-Flood: ".getBytes(StandardCharsets.US_ASCII));
                                while (true) {
                                    out.write(filler);
                                }
                            } catch (IOException e) {
                                // the service closed the connection: as it should
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Service c = Service.start(jar, 18083, List.of());
            try {
                long startRss = c.peakRssMb();
                organization(c, "flood", "http://127.0.0.1:" + flood.getLocalPort() + "/flood");
                String lead = token(serviceClaims());
                for (int m = 0; m < 500; m++) {
                    call(c, "POST", "/internal/v1/models", lead, "{\"_id\":\"flood-" + m
                            + "\",\"organization\":\"flood\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"bench\",\"status\":\"pending\"}", 201);
                }
                try (Connection db = DriverManager.getConnection(PG + DB, "postgres", ""); Statement s = db.createStatement()) {
                    await(Duration.ofSeconds(120), () -> count(s, """
                            SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                             WHERE d.organization_id = 'flood'""") >= 1000);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("deliveries", 500);
                r.put("attempts", 1000);
                r.put("alive", c.process().isAlive());
                r.put("peakRssMbAtStart", startRss);
                r.put("peakRssMb", c.peakRssMb());
                return r;
            } finally {
                c.stop();
            }
        }
    }

    static void organization(Service service, String org, String webhook) throws Exception {
        call(service, "PUT", "/internal/v1/organizations/" + org, token(serviceClaims()), "{\"name\":\"" + org + "\",\"apiEnabled\":true}", 200);
        call(service, "PUT", "/api/v1/settings/webhook", token(leadClaims(org)), "{\"url\":\"" + webhook + "\"}", 200);
    }

    /**
     * The JIT compiles for the first minute or so, and on two cores that competes with everything else:
     * a short run of every scenario first, so that the figures describe the service as it runs for days.
     */
    static void warmUp(Service service, Receiver receiver, String name) throws Exception {
        long start = System.nanoTime();
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            drain(List.of(service), receiver, "warm" + name + round, 10_000);
            ingest(service, 10);
            latency(service, receiver, "iso", 5, false);
        }
        System.err.printf("warm-up: %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    static Map<String, Object> drain(List<Service> replicas, Receiver receiver, String tag) throws Exception {
        return drain(replicas, receiver, tag, DRAIN);
    }

    /** Due deliveries already in the outbox, all made due in one statement; time until all are received. */
    static Map<String, Object> drain(List<Service> replicas, Receiver receiver, String tag, int deliveries)
            throws Exception {
        return drain(replicas, receiver, "bench", tag, deliveries);
    }

    /**
     * Due deliveries already in the outbox for {@code org}, to each of its webhook and own endpoints (as many
     * events as make {@code deliveries}), all made due in one statement; time until all are received.
     */
    static Map<String, Object> drain(List<Service> replicas, Receiver receiver, String org, String tag, int deliveries)
            throws Exception {
        String prefix = tag + "-";
        try (Connection c = DriverManager.getConnection(PG + DB, "postgres", ""); Statement s = c.createStatement()) {
            boolean partitioned = partitioned(s);
            s.execute("""
                    WITH ep AS (
                        SELECT id FROM endpoint
                         WHERE organization_id = '%1$s' AND deleted_at IS NULL AND kind IN ('WEBHOOK', 'ENDPOINT')),
                    e AS (
                        INSERT INTO event (id, organization_id, type, payload, created_at)
                        SELECT gen_random_uuid(), '%1$s', 'model.created',
                               '{"id":"evt","event":"model.created","object":{"_id":"%2$s' || n || '","organization":"%1$s"}}', now()
                          FROM generate_series(1, %3$d / (SELECT count(*) FROM ep)) AS n RETURNING id, created_at)
                    INSERT INTO delivery (event_id, %4$s endpoint_id, organization_id, event_type, status,
                                          attempts_allowed, next_attempt_at, created_at, updated_at)
                    SELECT e.id, %5$s ep.id, '%1$s', 'model.created', 'PENDING', 5, 'infinity', now(), now()
                      FROM e CROSS JOIN ep
                    """.formatted(org, prefix, deliveries, partitioned ? "event_created_at," : "", partitioned ? "e.created_at," : ""));
            s.execute("VACUUM ANALYZE delivery");
            Costs costs = Costs.start(replicas, s);
            double start = nowMs();
            s.execute("UPDATE delivery SET next_attempt_at = now() WHERE next_attempt_at = 'infinity'");
            await(Duration.ofSeconds(180), () -> receiver.count(prefix) >= deliveries);
            double received = (receiver.last(prefix) - start) / 1000;
            await(Duration.ofSeconds(60), () -> count(s, "SELECT count(*) FROM delivery WHERE status = 'PENDING' AND organization_id = '" + org + "'") == 0);
            double recorded = (nowMs() - start) / 1000;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("replicas", replicas.size());
            r.put("deliveries", deliveries);
            r.put("receivedSeconds", round(received));
            r.put("deliveriesPerSecond", round(deliveries / received));
            r.put("allRecordedSeconds", round(recorded));
            r.put("duplicates", receiver.duplicates(prefix));
            r.put("costPerDelivery", costs.per(deliveries, s));
            return r;
        }
    }

    static final int BESIDE_RETRIES_SECONDS =
            Integer.parseInt(System.getenv().getOrDefault("BENCH_BESIDE_RETRIES_SECONDS", "30"));

    /**
     * First attempts beside others' retries: 100 organizations whose webhooks answer 500 after 1 s, with
     * 10,000 deliveries due for their second attempt, while another organization's new events come at
     * 50/s. Their latency, against the same 50/s with no retries due; and how many retries were attempted
     * meanwhile (they must still be served, with what the first attempts leave).
     */
    static Map<String, Object> besideRetries(Service service, Receiver receiver) throws Exception {
        organization(service, "first", receiver.url("/fast/first"));
        for (int i = 0; i < 100; i++) {
            organization(service, "retry-" + i, receiver.url("/fail/retry-" + i));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("idle", latency(service, receiver, "first", BESIDE_RETRIES_SECONDS, false, 50));
        try (Connection c = DriverManager.getConnection(PG + DB, "postgres", ""); Statement s = c.createStatement()) {
            boolean partitioned = partitioned(s);
            s.execute("""
                    WITH e AS (
                        INSERT INTO event (id, organization_id, type, payload, created_at)
                        SELECT gen_random_uuid(), 'retry-' || (n %% 100), 'model.created',
                               '{"id":"evt","event":"model.created","object":{"_id":"retry-' || n || '"}}', now()
                          FROM generate_series(1, 10000) AS n RETURNING id, organization_id, created_at)
                    INSERT INTO delivery (event_id, %s endpoint_id, organization_id, event_type, status,
                                          attempt_count, attempts_allowed, next_attempt_at, created_at, updated_at)
                    SELECT e.id, %s (SELECT id FROM endpoint WHERE organization_id = e.organization_id AND deleted_at IS NULL),
                           e.organization_id, 'model.created', 'PENDING', 1, 5, now() - interval '1 minute', now(), now()
                      FROM e
                    """.formatted(partitioned ? "event_created_at," : "", partitioned ? "e.created_at," : ""));
            long attemptsBefore = count(s, "SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id"
                    + " WHERE d.organization_id LIKE 'retry-%'");
            Map<String, Object> beside = latency(service, receiver, "first", BESIDE_RETRIES_SECONDS, false, 50);
            long retried = count(s, "SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id"
                    + " WHERE d.organization_id LIKE 'retry-%'") - attemptsBefore;
            s.execute("UPDATE delivery SET status = 'CANCELLED' WHERE status = 'PENDING' AND organization_id LIKE 'retry-%'");
            r.put("retriesDue", 10000);
            r.put("beside", beside);
            r.put("retryAttemptsMeanwhile", retried);
            double idle = (double) ((Map<String, Object>) r.get("idle")).get("p99Ms");
            r.put("p99RatioToIdle", round((double) beside.get("p99Ms") / Math.max(idle, 0.001)));
        }
        return r;
    }

    /**
     * A steady 100 events/s; latency is from the start of the API call (before the commit) to the
     * receipt, an upper bound of commit-to-receipt.
     */
    static Map<String, Object> latency(Service service, Receiver receiver, String orgPrefix, int seconds, boolean withSlow)
            throws Exception {
        return latency(service, receiver, orgPrefix, seconds, withSlow, 100);
    }

    /**
     * A steady {@code perSecond} events/s. Events not received within a minute of the last one sent are
     * counted as missing (and left out of the percentiles) rather than failing the sitting.
     */
    static Map<String, Object> latency(
            Service service, Receiver receiver, String orgPrefix, int seconds, boolean withSlow, int perSecond)
            throws Exception {
        String run = orgPrefix + (withSlow ? "-slow-" : "-") + System.nanoTime() + "-";
        String lead = token(serviceClaims());
        int total = seconds * perSecond;
        long interval = 1_000_000_000L / perSecond;
        Map<String, Double> started = new ConcurrentHashMap<>();
        List<String> healthy = new ArrayList<>();
        // refused calls (a cold replica answers 503 while its pool is busy): counted, not waited for
        java.util.Set<String> refused = ConcurrentHashMap.newKeySet();
        long begin = System.nanoTime();
        int burst = orgPrefix.equals("iso20") ? 20 : 1; // iso20: an event to each of 20 organizations at once
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = begin + (i / burst) * burst * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String org;
                if (orgPrefix.equals("iso")) {
                    org = withSlow && i % 21 == 20 ? "iso-slow" : "iso-" + (i % 21 == 20 ? i % 20 : i % 21);
                } else if (orgPrefix.equals("iso20")) {
                    org = "iso-" + (i % 20);
                } else {
                    org = orgPrefix;
                }
                String id = run + i;
                if (!org.equals("iso-slow")) {
                    healthy.add(id);
                }
                senders.execute(() -> {
                    started.put(id, nowMs());
                    try {
                        call(service, "POST", "/internal/v1/models", lead,
                                "{\"_id\":\"" + id + "\",\"organization\":\"" + org + "\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"bench\",\"status\":\"pending\"}",
                                201);
                    } catch (Exception e) {
                        refused.add(id);
                    }
                });
            }
        }
        healthy.removeAll(refused);
        // each event's arrival at each endpoint: one to most organizations, one to each of the wide one's
        List<String> endpoints = orgPrefix.equals("wide") ? wideEndpoints() : List.of("");
        List<String> expected = healthy.stream()
                .flatMap(id -> endpoints.stream().map(endpoint -> id + endpoint))
                .toList();
        try {
            await(Duration.ofSeconds(60), () -> receiver.arrivals(run).keySet().containsAll(expected));
        } catch (IllegalStateException timedOut) {
            System.err.println("latency " + run + ": not all received within 60 s");
        }
        Map<String, Double> arrivals = receiver.arrivals(run);
        double[] ms = expected.stream()
                .filter(arrivals::containsKey)
                .mapToDouble(key -> arrivals.get(key) - started.get(key.replaceFirst("~.*", "")))
                .sorted()
                .toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("eventsPerSecond", perSecond);
        r.put("seconds", seconds);
        r.put("measured", ms.length);
        r.put("refused", refused.size());
        r.put("missing", expected.size() - ms.length);
        r.put("within1s", Arrays.stream(ms).filter(v -> v <= 1000).count());
        if (ms.length > 0) {
            r.put("p50Ms", round(percentile(ms, 50)));
            r.put("p95Ms", round(percentile(ms, 95)));
            r.put("p99Ms", round(percentile(ms, 99)));
            r.put("maxMs", round(ms[ms.length - 1]));
        }
        return r;
    }

    /** Events accepted per second by the internal API under 64 concurrent clients. */
    static Map<String, Object> ingest(Service service) throws Exception {
        return ingest(service, INGEST_SECONDS);
    }

    static Map<String, Object> ingest(Service service, int seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + DB, "postgres", ""); Statement s = c.createStatement()) {
            Costs costs = Costs.start(List.of(service), s);
            Map<String, Object> r = ingestOnly(service, seconds);
            r.put("costPerEvent", costs.per((int) r.get("accepted"), s));
            return r;
        }
    }

    static Map<String, Object> ingestOnly(Service service, int seconds) throws Exception {
        String token = token(serviceClaims());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong seq = new AtomicLong();
        String run = "ing" + System.nanoTime() + "-";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long begin = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 64; c++) {
                clients.execute(() -> {
                    while (System.nanoTime() < end) {
                        String id = run + seq.incrementAndGet();
                        try {
                            call(service, "POST", "/internal/v1/models", token,
                                    "{\"_id\":\"" + id + "\",\"organization\":\"ingest\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"bench\",\"status\":\"pending\"}",
                                    201);
                            accepted.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("clients", 64);
        r.put("seconds", round(elapsed));
        r.put("accepted", accepted.get());
        r.put("failed", failed.get());
        r.put("eventsPerSecond", round(accepted.get() / elapsed));
        return r;
    }

    /** Events accepted per second through POST /internal/v1/models/batch: 8 clients, batches of 500. */
    static Map<String, Object> batchIngest(Service service) throws Exception {
        String token = token(serviceClaims());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong seq = new AtomicLong();
        String run = "bat" + System.nanoTime() + "-";
        int seconds = Math.max(10, INGEST_SECONDS / 2);
        try (Connection c = DriverManager.getConnection(PG + DB, "postgres", ""); Statement s = c.createStatement()) {
            Costs costs = Costs.start(List.of(service), s);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long begin = System.nanoTime();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int client = 0; client < 8; client++) {
                    clients.execute(() -> {
                        while (System.nanoTime() < end) {
                            StringBuilder body = new StringBuilder("{\"models\":[");
                            for (int i = 0; i < 500; i++) {
                                body.append(i == 0 ? "" : ",").append("{\"_id\":\"").append(run).append(seq.incrementAndGet())
                                        .append("\",\"organization\":\"ingest\",\"uid\":\"u\",\"title\":\"t\",\"trigger\":\"bench\",\"status\":\"pending\"}");
                            }
                            try {
                                call(service, "POST", "/internal/v1/models/batch", token, body.append("]}").toString(), 201);
                                accepted.addAndGet(500);
                            } catch (Exception e) {
                                failed.addAndGet(500);
                            }
                        }
                    });
                }
            }
            double elapsed = (System.nanoTime() - begin) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("clients", 8);
            r.put("batchSize", 500);
            r.put("seconds", round(elapsed));
            r.put("accepted", accepted.get());
            r.put("failed", failed.get());
            r.put("eventsPerSecond", round(accepted.get() / elapsed));
            r.put("costPerEvent", costs.per(accepted.get(), s));
            return r;
        }
    }

    /**
     * An organization whose webhook comes back after an outage: 20,000 of its events are in the outbox
     * with no delivery (as if made while it had no webhook), and one replay call sends them all. Like the
     * drain it is compared with, it starts on a service with nothing else to send: first it waits for the
     * deliveries earlier scenarios left pending (the batch ingest makes them faster than they are sent),
     * and says how many there were and how long that took. The time is from the replay call to the last
     * receipt, the call included.
     */
    static Map<String, Object> recovery(Service service, Receiver receiver) throws Exception {
        int events = DRAIN;
        String prefix = "recovery" + System.nanoTime() + "-";
        try (Connection c = DriverManager.getConnection(PG + DB, "postgres", ""); Statement s = c.createStatement()) {
            long pendingBefore = count(s, "SELECT count(*) FROM delivery WHERE status = 'PENDING'"
                    + " AND organization_id <> 'hostile'");
            double settling = nowMs();
            if (SETTLE) {
                // the hostile scenario's organization never settles: its endpoints hang on every retry, in its lane
                await(Duration.ofSeconds(180), () -> count(s, "SELECT count(*) FROM delivery WHERE status = 'PENDING'"
                        + " AND organization_id <> 'hostile'") == 0);
            }
            double settled = nowMs() - settling;
            s.execute("""
                    INSERT INTO event (id, organization_id, type, payload, created_at)
                    SELECT gen_random_uuid(), 'recovery', 'model.created',
                           '{"id":"evt","event":"model.created","object":{"_id":"%s' || n || '","organization":"recovery"}}',
                           now() - interval '1 hour' + n * interval '1 millisecond'
                      FROM generate_series(1, %d) AS n
                    """.formatted(prefix, events));
            s.execute("VACUUM ANALYZE event");
            String since = Instant.now().minus(Duration.ofHours(2)).toString();
            Costs costs = Costs.start(List.of(service), s);
            double start = nowMs();
            String answer = call(service, "POST", "/api/v1/webhooks/replay", token(leadClaims("recovery")),
                    "{\"since\":\"" + since + "\"}", 202);
            double replayed = nowMs() - start;
            await(Duration.ofSeconds(180), () -> receiver.count(prefix) >= events);
            double received = (receiver.last(prefix) - start) / 1000;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("events", events);
            r.put("pendingBefore", pendingBefore);
            r.put("settledSeconds", round(settled / 1000));
            r.put("replayCallMs", round(replayed));
            r.put("replayAnswer", answer);
            r.put("receivedSeconds", round(received));
            r.put("deliveriesPerSecond", round(events / received));
            r.put("afterTheCallPerSecond", round(events / (received - replayed / 1000)));
            r.put("duplicates", receiver.duplicates(prefix));
            await(Duration.ofSeconds(60), () -> count(s, "SELECT count(*) FROM delivery WHERE status = 'PENDING' AND organization_id = 'recovery'") == 0);
            r.put("costPerDelivery", costs.per(events, s));
            return r;
        }
    }

    /**
     * BENCH_INGEST_ONLY: ingest after ingest-only warm-up, then batch ingest. With BENCH_BASELINE_JAR the old
     * build runs beside the new one, each on its own database, and their ingest is measured in turns
     * (BENCH_INGEST_ROUNDS of BENCH_INGEST_SECONDS each, new-old then old-new, the medians reported): on a shared machine the
     * load changes from minute to minute, and turns expose both builds to the same.
     */
    static Map<String, Object> ingestScenarios(Path jar) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        String beforeDb = DB + "_before";
        recreateDatabase(DB);
        if (BASELINE_JAR != null) {
            recreateDatabase(beforeDb);
        }
        try (Receiver receiver = new Receiver()) {
            Service a = Service.start(jar, 18081, DB, List.of());
            Service before = null;
            try {
                if (BASELINE_JAR != null) {
                    before = Service.start(Path.of(BASELINE_JAR), 18084, beforeDb, List.of());
                }
                organization(a, "ingest", receiver.url("/fast/ingest"));
                if (before != null) {
                    organization(before, "ingest", receiver.url("/fast/ingest"));
                }
                for (int round = 0; round < WARMUP_ROUNDS; round++) {
                    ingestOnly(a, 10);
                    if (before != null) {
                        ingestOnly(before, 10);
                    }
                }
                List<Map<String, Object>> rounds = new ArrayList<>();
                List<Map<String, Object>> beforeRounds = new ArrayList<>();
                for (int round = 0; round < (before == null ? 1 : INGEST_ROUNDS); round++) {
                    // new, old, then old, new: neither build is always the one measured first
                    for (boolean first : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        if (first) {
                            rounds.add(ingest(a));
                            System.err.println("ingest: " + rounds.getLast());
                        } else if (before != null) {
                            beforeRounds.add(ingest(before));
                            System.err.println("baseline ingest: " + beforeRounds.getLast());
                        }
                    }
                }
                results.put("ingest", median(rounds));
                if (before != null) {
                    results.put("baselineIngest", median(beforeRounds));
                    results.put("ingestRounds", rounds);
                    results.put("baselineIngestRounds", beforeRounds);
                }
                results.put("batchIngest", batchIngest(a));
                System.err.println("batch ingest: " + results.get("batchIngest"));
            } finally {
                a.stop();
                if (before != null) {
                    before.stop();
                }
            }
        }
        return results;
    }

    static final int INGEST_ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_INGEST_ROUNDS", "4"));

    /** The median of each figure (nested maps figure by figure) over the rounds. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> median(List<Map<String, Object>> rounds) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (String key : rounds.getFirst().keySet()) {
            if (rounds.getFirst().get(key) instanceof Map<?, ?>) {
                r.put(key, median(rounds.stream().map(m -> (Map<String, Object>) m.get(key)).toList()));
            } else {
                double[] values = rounds.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).sorted().toArray();
                r.put(key, round(values[values.length / 2]));
            }
        }
        return r;
    }

    /** The ingest scenario against the service as it was before (BENCH_BASELINE_JAR), in this sitting. */
    static Map<String, Object> baselineIngest(Path jar) throws Exception {
        recreateDatabase();
        try (Receiver receiver = new Receiver(18098)) {
            Service old = Service.start(jar, 18084, List.of());
            try {
                organization(old, "ingest", receiver.url("/fast/ingest"));
                for (int round = 0; round < WARMUP_ROUNDS; round++) {
                    ingestOnly(old, 10);
                }
                Map<String, Object> r = ingest(old, INGEST_SECONDS);
                r.put("jar", jar.toString());
                return r;
            } finally {
                old.stop();
            }
        }
    }

    // ---------------------------------------------------------------- history at scale

    static final int HISTORY_DAYS = Integer.parseInt(System.getenv().getOrDefault("BENCH_HISTORY_DAYS", "20"));
    static final int HISTORY_PER_DAY = Integer.parseInt(System.getenv().getOrDefault("BENCH_HISTORY_PER_DAY", "50000"));
    static final List<String> HISTORY_LOGGING = List.of(
            "--logging.level.org.flywaydb.core.internal.command=INFO",
            "--logging.level.com.headshotpro.webhooks.history=INFO",
            "--hooks.retention=" + HISTORY_DAYS + "d");

    /**
     * History: HISTORY_DAYS days of HISTORY_PER_DAY finished deliveries (a million by default, each with its
     * event and one attempt, 97% succeeded, 2% failed, 1% cancelled) ending two days ago, the last scenario of
     * every full sitting; BENCH_HISTORY=1 runs it alone, e.g. at full size (BENCH_HISTORY_PER_DAY=500000: 10
     * million, about an hour and 25 GB of disk). With BENCH_BASELINE_JAR, first the service as it was (one table each, pruning by
     * DELETE): the drain beside the history and the pruning of a day, by the statements its RetentionJob ran.
     * Then this build migrates that database (V6 moves the history into partitions) and is measured on it:
     * the claim's latency idle and while draining, the drain, and the drop of a day; and the same claim and
     * drain on an empty database, for the side by side.
     */
    static Map<String, Object> history(Path jar, Receiver receiver) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("days", HISTORY_DAYS);
        r.put("deliveriesPerDay", HISTORY_PER_DAY);
        recreateDatabase();
        Service empty = Service.start(jar, 18085, List.of("--hooks.retention-interval=1000d"));
        try {
            setup(empty, receiver);
            r.put("withoutHistory", claimsAndDrain(empty, receiver, "histempty"));
        } finally {
            empty.stop();
        }
        recreateDatabase();
        Path before = BASELINE_JAR == null ? null : Path.of(BASELINE_JAR);
        Service loader = Service.start(before != null ? before : jar, 18085, List.of("--hooks.retention-interval=1000d"));
        try {
            setup(loader, receiver);
            r.put("loadSeconds", loadHistory());
            if (before != null) {
                Map<String, Object> old = new LinkedHashMap<>();
                old.put("jar", before.toString());
                old.put("drainBesideHistory", drain(List.of(loader), receiver, "histold"));
                old.put("retention", pruneAsBefore());
                r.put("before", old);
            }
        } finally {
            loader.stop();
        }
        Map<String, Object> after = new LinkedHashMap<>();
        List<String> options = new ArrayList<>(HISTORY_LOGGING);
        options.add("--hooks.retention-interval=1000d");
        Service service = Service.start(jar, 18085, options);
        try {
            if (before != null) {
                // the old build's schema may be today's: then there is no migration to time
                Matcher migration = Pattern.compile("Successfully applied .*\\(execution time ([0-9:.]+)s\\)")
                        .matcher(read(service.log()));
                after.put("migration", migration.find() ? migration.group(1) : "none (the same schema)");
            }
            after.put("withHistory", claimsAndDrain(service, receiver, "histfull"));
        } finally {
            service.stop();
        }
        options.set(options.size() - 1, "--hooks.retention-interval=3s");
        Service pruner = Service.start(jar, 18085, options);
        try {
            await(Duration.ofSeconds(120), () -> read(pruner.log()).contains("Dropped the history of"));
            Map<String, Object> retention = new LinkedHashMap<>();
            retention.put("droppedDay", logged(pruner, "Dropped the history of (\\S+)"));
            retention.put("ms", Double.parseDouble(logged(pruner, "Dropped the history of .* in (\\d+) ms")));
            retention.put("deliveriesInTheDay", HISTORY_PER_DAY);
            after.put("retention", retention);
        } finally {
            pruner.stop();
        }
        r.put("after", after);
        return r;
    }

    /** The claim's latency while nothing is due (10 s of idle polls), then the drain and the claims during it. */
    static Map<String, Object> claimsAndDrain(Service service, Receiver receiver, String tag) throws Exception {
        for (int round = 0; round < 3; round++) {
            drain(List.of(service), receiver, tag + "warm" + round, 10_000);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        double[] start = claims(service);
        Thread.sleep(10_000);
        double[] idle = claims(service);
        r.put("idleClaimMeanMs", round((idle[1] - start[1]) * 1000 / Math.max(1, idle[0] - start[0])));
        r.put("drain", drain(List.of(service), receiver, tag));
        double[] drained = claims(service);
        r.put("drainClaimMeanMs", round((drained[1] - idle[1]) * 1000 / Math.max(1, drained[0] - idle[0])));
        r.put("drainClaims", (long) (drained[0] - idle[0]));
        return r;
    }

    /** Count and total seconds of hooks_delivery_claims_seconds, from the Prometheus endpoint. */
    static double[] claims(Service service) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(service.url("/actuator/prometheus"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher count = Pattern.compile("(?m)^hooks_delivery_claims_seconds_count\\{[^}]*} ([0-9.eE+]+)").matcher(metrics);
        Matcher sum = Pattern.compile("(?m)^hooks_delivery_claims_seconds_sum\\{[^}]*} ([0-9.eE+]+)").matcher(metrics);
        if (!count.find() || !sum.find()) {
            throw new IllegalStateException("no hooks_delivery_claims_seconds in /actuator/prometheus");
        }
        return new double[] {Double.parseDouble(count.group(1)), Double.parseDouble(sum.group(1))};
    }

    static String logged(Service service, String regex) {
        Matcher m = Pattern.compile(regex).matcher(read(service.log()));
        if (!m.find()) {
            throw new IllegalStateException("not in the service's log: " + regex);
        }
        return m.group(1);
    }

    /** The history, a day per statement, into whichever schema the running service made; returns seconds. */
    static double loadHistory() throws Exception {
        long begin = System.nanoTime();
        try (Connection c = DriverManager.getConnection(PG + DB, "postgres", ""); Statement s = c.createStatement()) {
            boolean partitioned = partitioned(s);
            s.execute("SET synchronous_commit = off");
            String endpoint = "(SELECT id FROM endpoint WHERE organization_id = 'bench' AND deleted_at IS NULL)";
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            for (int d = HISTORY_DAYS + 1; d >= 2; d--) {
                java.time.LocalDate day = today.minusDays(d);
                if (partitioned) {
                    s.execute("SELECT create_history_partitions('" + day + "', '" + day + "')");
                }
                String key = partitioned ? "event_created_at, " : "";
                s.execute("""
                        WITH e AS (
                            INSERT INTO event (id, organization_id, type, payload, created_at)
                            SELECT gen_random_uuid(), 'bench', 'model.created',
                                   '{"id":"evt_' || n || '","event":"model.created","createdAt":"%1$s","objectType":"model",'
                                   || '"object":{"_id":"hist-' || n || '","uid":"u","title":"Team shoot","trigger":"bench",'
                                   || '"status":"active","finishedAt":null,"createdAt":"%1$s","organization":"bench"}}',
                                   TIMESTAMPTZ '%1$s 00:00:00+00' + n * interval '86399 seconds' / %2$d
                              FROM generate_series(0, %2$d - 1) AS n
                            RETURNING id, created_at),
                        d AS (
                            INSERT INTO delivery (event_id, %3$s endpoint_id, organization_id, event_type, status,
                                                  attempt_count, attempts_allowed, next_attempt_at, created_at, updated_at)
                            SELECT id, %4$s %5$s, 'bench', 'model.created',
                                   CASE WHEN random() < 0.02 THEN 'FAILED' WHEN random() < 0.01 THEN 'CANCELLED'
                                        ELSE 'SUCCEEDED' END,
                                   1, 5, created_at, created_at, created_at
                              FROM e
                            RETURNING id, %3$s created_at)
                        INSERT INTO delivery_attempt (delivery_id, %3$s number, attempted_at, duration_ms, status_code, response)
                        SELECT id, %3$s 1, created_at, 5, 200, 'ok' FROM d
                        """.formatted(day, HISTORY_PER_DAY, key, partitioned ? "created_at," : "", endpoint));
                System.err.printf("history: %s loaded (%.0f s)%n", day, (System.nanoTime() - begin) / 1e9);
            }
            s.execute("VACUUM ANALYZE");
        }
        return round((System.nanoTime() - begin) / 1e9);
    }

    /**
     * Pruning as the service did before the partitions: RetentionJob's two statements (copied here as they
     * were, since that class is gone), each in batches of 1000 until none is left, for what is older than the
     * retention: a day and a part of the next. In one transaction, rolled back, so that the same history
     * is there for what follows; the job committed each batch, which only added to its time.
     */
    static Map<String, Object> pruneAsBefore() throws Exception {
        try (Connection c = DriverManager.getConnection(PG + DB, "postgres", "")) {
            c.setAutoCommit(false);
            var cutoff = java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(HISTORY_DAYS)));
            long begin = System.nanoTime();
            long deliveries = 0;
            long events = 0;
            int n;
            try (var delete = c.prepareStatement("""
                    DELETE FROM delivery WHERE id IN (
                        SELECT id FROM delivery
                         WHERE status IN ('SUCCEEDED', 'CANCELLED') AND updated_at < ?
                         LIMIT 1000 FOR UPDATE SKIP LOCKED)
                    """)) {
                do {
                    delete.setTimestamp(1, cutoff);
                    n = delete.executeUpdate();
                    deliveries += n;
                } while (n == 1000);
            }
            try (var delete = c.prepareStatement("""
                    DELETE FROM event WHERE id IN (
                        SELECT e.id FROM event e
                         WHERE e.created_at < ? AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id)
                         LIMIT 1000 FOR UPDATE SKIP LOCKED)
                    """)) {
                do {
                    delete.setTimestamp(1, cutoff);
                    n = delete.executeUpdate();
                    events += n;
                } while (n == 1000);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            c.rollback();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("deliveriesDeleted", deliveries);
            r.put("eventsDeleted", events);
            r.put("seconds", round(seconds));
            r.put("secondsPerDay", round(seconds * HISTORY_PER_DAY / Math.max(1, deliveries)));
            return r;
        }
    }

    static boolean partitioned(Statement s) {
        return count(s, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'delivery' AND column_name = 'event_created_at'") > 0;
    }

    // ---------------------------------------------------------------- cost

    /**
     * CPU time of the service's processes and of every Postgres process, and the WAL Postgres wrote,
     * from a start to a count of events or deliveries: microseconds and bytes per item.
     */
    record Costs(List<Service> services, double serviceCpuAtStart, double postgresCpuAtStart, String walLsn) {

        static Costs start(List<Service> services, Statement s) throws Exception {
            return new Costs(services, cpu(services), allPostgresCpu(), lsn(s));
        }

        Map<String, Object> per(int items, Statement s) throws Exception {
            double serviceCpu = cpu(services) - serviceCpuAtStart;
            double postgresCpu = allPostgresCpu() - postgresCpuAtStart;
            long wal;
            try (var rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + walLsn + "')")) {
                rs.next();
                wal = rs.getLong(1);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("serviceCpuMicros", round(serviceCpu * 1e6 / Math.max(1, items)));
            r.put("postgresCpuMicros", round(postgresCpu * 1e6 / Math.max(1, items)));
            r.put("walBytes", round((double) wal / Math.max(1, items)));
            return r;
        }

        static String lsn(Statement s) throws SQLException {
            try (var rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                return rs.getString(1);
            }
        }

        static double cpu(List<Service> services) {
            return services.stream().mapToDouble(service -> cpuSeconds(service.process().pid())).sum();
        }

        /** Every process named postgres: the server and its backends (the pools keep theirs open). */
        static double allPostgresCpu() {
            double total = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        if (Files.readString(proc.resolve("comm")).trim().equals("postgres")) {
                            total += cpuSeconds(Long.parseLong(proc.getFileName().toString()));
                        }
                    } catch (IOException e) {
                        // gone meanwhile
                    }
                }
            } catch (IOException e) {
                return Double.NaN;
            }
            return total;
        }

        /** utime + stime of /proc/pid/stat, in seconds (clock ticks of 1/100 s). */
        static double cpuSeconds(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    // ---------------------------------------------------------------- peers and ratios

    /** The peers' drain and latency, from the JSON lines of this sitting's peer benchmark. */
    static Map<String, Object> peers() throws IOException {
        Map<String, Object> peers = new LinkedHashMap<>();
        if (PEERS_FILE == null || !Files.exists(Path.of(PEERS_FILE))) {
            return peers;
        }
        for (String line : Files.readAllLines(Path.of(PEERS_FILE))) {
            String peer = field(line, "peer");
            String scenario = field(line, "scenario");
            if (peer == null || scenario == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> figures = (Map<String, Object>) peers.computeIfAbsent(peer, k -> new LinkedHashMap<>());
            figures.put("package", field(line, "package") + " " + field(line, "version"));
            if (scenario.equals("drain")) {
                figures.put("drainPerSecond", number(line, "deliveriesPerSec"));
                figures.put("drainPeakRssMb", number(line.substring(line.indexOf("\"worker\"")), "peakRssMb"));
            } else if (scenario.equals("latency")) {
                figures.put("p50Ms", number(line, "p50Ms"));
                figures.put("p99Ms", number(line, "p99Ms"));
                figures.put("latencyPeakRssMb", number(line.substring(line.indexOf("\"worker\"")), "peakRssMb"));
            }
        }
        return peers;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static double number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9.]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Every target of the performance issue as a ratio against this sitting's best peer, or its own figure. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ratios(Map<String, Object> results) {
        Map<String, Object> peers = (Map<String, Object>) results.get("peers");
        double bestDrain = peers.values().stream()
                .mapToDouble(p -> (double) ((Map<String, Object>) p).getOrDefault("drainPerSecond", Double.NaN))
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        double bestP50 = peers.values().stream()
                .mapToDouble(p -> (double) ((Map<String, Object>) p).getOrDefault("p50Ms", Double.NaN))
                .filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        double bestP99 = peers.values().stream()
                .mapToDouble(p -> (double) ((Map<String, Object>) p).getOrDefault("p99Ms", Double.NaN))
                .filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        Map<String, Object> drain = (Map<String, Object>) results.get("drain");
        Map<String, Object> latency = (Map<String, Object>) results.get("latency");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("drainToBestPeer", round((double) drain.get("deliveriesPerSecond") / bestDrain) + " (target >= 2)");
        r.put("p50ToBestPeer", round((double) latency.get("p50Ms") / bestP50) + " (target <= 1)");
        r.put("p99ToBestPeer", round((double) latency.get("p99Ms") / bestP99) + " (target <= 1.5)");
        double ingest = (double) ((Map<String, Object>) results.get("ingest")).get("eventsPerSecond");
        if (results.get("baselineIngest") instanceof Map<?, ?> baseline) {
            r.put("ingestToBaseline", round(ingest / (double) baseline.get("eventsPerSecond")) + " (target >= 2)");
        }
        r.put("batchIngestPerSecond",
                ((Map<String, Object>) results.get("batchIngest")).get("eventsPerSecond") + " (target >= 10000)");
        r.put("recoveryToDrain", round((double) ((Map<String, Object>) results.get("recovery")).get("deliveriesPerSecond")
                / (double) drain.get("deliveriesPerSecond")) + " (target ~1)");
        r.put("besideRetriesP99ToIdle", ((Map<String, Object>) results.get("besideRetries")).get("p99RatioToIdle")
                + " (target <= 2, none missing)");
        Map<String, Object> wide = (Map<String, Object>) results.get("wide");
        r.put("drain20EndpointsToOne", round((double) wide.get("drainMedianToTwenty") / (double) wide.get("drainMedianToOne"))
                + " (target >= 1, within the noise)");
        r.put("p99With20EndpointsTo20Organizations",
                round((double) ((Map<String, Object>) wide.get("latencyToOneWith20Endpoints")).get("p99Ms")
                        / (double) ((Map<String, Object>) wide.get("latencyTo20Organizations")).get("p99Ms"))
                        + " (target <= 1, within the noise)");
        r.put("p99With20EndpointsToSteadyOne",
                round((double) ((Map<String, Object>) wide.get("latencyToOneWith20Endpoints")).get("p99Ms")
                        / (double) latency.get("p99Ms"))
                        + " (the same 100 deliveries/s, in bursts of 20 against one every 10 ms)");
        Map<String, Object> rss = (Map<String, Object>) results.get("peakRssMb");
        r.put("peakRssMb", rss.get("replicaA") + " (target <= 300)");
        Map<String, Object> fromStart = (Map<String, Object>) results.get("fromStart");
        Map<String, Object> fromMark = (Map<String, Object>) fromStart.get("fromMark");
        if (fromMark == null) {
            r.put("latencyAt" + FROM_START_SECONDS + "s", "failed: " + fromStart.get("failed"));
            return r;
        }
        r.put("p50At" + FROM_START_SECONDS + "sToBestPeer", round((double) fromMark.get("p50Ms") / bestP50) + " (target <= 1)");
        r.put("p99At" + FROM_START_SECONDS + "sToBestPeer", round((double) fromMark.get("p99Ms") / bestP99) + " (target <= 1.5)");
        r.put("p50At" + FROM_START_SECONDS + "sToWarm", fromStart.get("p50ToWarm"));
        r.put("p99At" + FROM_START_SECONDS + "sToWarm", fromStart.get("p99ToWarm"));
        return r;
    }

    @SuppressWarnings("unchecked")
    static void printRatios(Map<String, Object> results) {
        System.out.println("\nTargets, as ratios in this sitting:");
        ((Map<String, Object>) results.get("ratios")).forEach((k, v) -> System.out.printf("  %-22s %s%n", k, v));
    }

    // ---------------------------------------------------------------- the service under test

    record Service(Process process, int port, Path log) {

        /** The extracted form of each jar, with its AOT cache, made once a run. */
        static final Map<Path, Path> EXTRACTED = new ConcurrentHashMap<>();

        static Service start(Path jar, int port, List<String> extra) throws Exception {
            return start(jar, port, DB, extra);
        }

        static Service start(Path jar, int port, String database, List<String> extra) throws Exception {
            Path app = prepare(jar);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(COMMAND_LINE_OPTS);
            command.addAll(List.of("-jar", "app.jar", "--spring.profiles.active=dev", "--server.port=" + port,
                    "--spring.datasource.url=" + PG + database, "--spring.datasource.username=postgres",
                    "--logging.level.root=WARN", "--logging.level.com.headshotpro=WARN"));
            command.addAll(extra);
            Path log = Files.createTempFile("bench-service-" + port, ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile());
            builder.environment().putAll(SHIPPED_ENV);
            Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Service service = new Service(process, port, log);
            try {
                awaitReady(service);
            } catch (RuntimeException | InterruptedException e) {
                service.stop(); // a replica left running would keep the port and answer the next run's probes
                throw e;
            }
            return service;
        }

        static Path prepare(Path jar) {
            return EXTRACTED.computeIfAbsent(jar.toAbsolutePath(), WebhookBench::extractAsShipped);
        }

        static void awaitReady(Service service) throws InterruptedException {
            Process process = service.process();
            Path log = service.log();
            await(Duration.ofSeconds(90), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("service died: " + read(log));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(service.url("/actuator/health/readiness"))).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        long peakRssMb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The jar extracted as the Dockerfile does (app.jar and lib/) into target/bench-app/, and its AOT cache
     * trained there by scripts/aot-cache.sh, in the shipped environment.
     */
    static Path extractAsShipped(Path jar) {
        try {
            String name = jar.getFileName().toString().replaceAll("\\.jar$", "");
            Path dir = Path.of("target", "bench-app", name + "-" + Integer.toHexString(jar.toString().hashCode()))
                    .toAbsolutePath();
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djarmode=tools", "-jar",
                    jar.toString(), "extract", "--force", "--destination", dir.toString(), "--application-filename", "app.jar"));
            if (AOT_CACHE) {
                boolean baseline = BASELINE_JAR != null && jar.equals(Path.of(BASELINE_JAR).toAbsolutePath());
                String script = baseline ? BASELINE_AOT_SCRIPT : "scripts/aot-cache.sh";
                run(List.of(script, dir.resolve("app.jar").toString()));
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare " + jar + " as shipped", e);
        }
    }

    static void run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(SHIPPED_ENV);
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        System.err.print(output);
    }

    /** The ENV lines (one variable each) of the Dockerfile's last stage. */
    static Map<String, String> dockerfileEnv(Path dockerfile) {
        try {
            List<String> lines = Files.readAllLines(dockerfile);
            int stage = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("FROM ")) {
                    stage = i;
                }
            }
            Map<String, String> env = new LinkedHashMap<>();
            Pattern line = Pattern.compile("^ENV\\s+([A-Za-z_][A-Za-z0-9_]*)=(?:\"([^\"]*)\"|(\\S+))\\s*$");
            for (String l : lines.subList(stage, lines.size())) {
                Matcher m = line.matcher(l);
                if (m.matches()) {
                    env.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
                }
            }
            return env;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The webhooks service's mem_limit in docker-compose.yml (the only one there). */
    static String composeMemoryLimit(Path compose) {
        try {
            Matcher m = Pattern.compile("(?m)^\\s+mem_limit:\\s*(\\S+)").matcher(Files.readString(compose));
            if (!m.find()) {
                throw new IllegalStateException("no mem_limit in " + compose);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String call(Service service, String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(service.url(path)))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    // ---------------------------------------------------------------- the receiver

    /** The Node receiver of bench/receiver.js: answers 200 and records arrival times (epoch ms). */
    static final class Receiver implements AutoCloseable {

        final Process process;
        final int port;

        Receiver() throws Exception {
            this(18099);
        }

        Receiver(int port) throws Exception {
            this.port = port;
            try (var probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                // free: the receiver started below is this run's, with nothing received yet
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is taken (a receiver left from another run?)", e);
            }
            process = new ProcessBuilder("node", "bench/receiver.js", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            await(Duration.ofSeconds(10), () -> {
                try {
                    get("/stats?prefix=none");
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        String get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }

        Map<String, Double> numbers(String path) {
            try {
                Map<String, Double> out = new java.util.HashMap<>();
                Matcher m = Pattern.compile("\"([^\"]+)\":(-?[0-9.eE+]+)").matcher(get(path));
                while (m.find()) {
                    out.put(m.group(1), Double.parseDouble(m.group(2)));
                }
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        int count(String prefix) {
            return numbers("/stats?prefix=" + prefix).get("count").intValue();
        }

        double last(String prefix) {
            return numbers("/stats?prefix=" + prefix).get("last");
        }

        int duplicates(String prefix) {
            return numbers("/stats?prefix=" + prefix).get("duplicates").intValue();
        }

        Map<String, Double> arrivals(String prefix) {
            return numbers("/arrivals?prefix=" + prefix);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    // ---------------------------------------------------------------- helpers

    static void recreateDatabase() throws SQLException {
        recreateDatabase(DB);
    }

    static void recreateDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
    }

    static long count(Statement s, String sql) {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(25);
        }
    }

    static String serviceClaims() {
        long now = Instant.now().getEpochSecond();
        return "{\"sub\":\"bench\",\"scope\":\"hooks.internal\",\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}";
    }

    static String leadClaims(String org) {
        long now = Instant.now().getEpochSecond();
        return "{\"sub\":\"bench\",\"org\":\"" + org + "\",\"roles\":[\"TeamLead\"],\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}";
    }

    static String token(String claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(JWT_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    static double nowMs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @SuppressWarnings("unchecked")
    static String toJson(Object value, int indent) {
        String pad = "  ".repeat(indent + 1);
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{\n");
            int i = 0;
            for (var e : ((Map<String, Object>) map).entrySet()) {
                sb.append(pad).append('"').append(e.getKey()).append("\": ").append(toJson(e.getValue(), indent + 1));
                sb.append(++i < map.size() ? ",\n" : "\n");
            }
            return sb.append("  ".repeat(indent)).append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                sb.append(pad).append(toJson(list.get(i), indent + 1)).append(i + 1 < list.size() ? ",\n" : "\n");
            }
            return sb.append("  ".repeat(indent)).append(']').toString();
        }
        if (value instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return String.valueOf(value);
    }


    // ---------------------------------------------------------------- the chart

    /** Each figure beside the peers', drawn with XChart: four bar charts in one picture. */
    static final class Chart {

        @SuppressWarnings("unchecked")
        static void write(Map<String, Object> results, String title, Path file) throws IOException {
            Map<String, Object> peers = (Map<String, Object>) results.get("peers");
            List<String> systems = new ArrayList<>(List.of("this service"));
            List<Map<String, Object>> figures = new ArrayList<>();
            for (var peer : peers.entrySet()) {
                systems.add(String.valueOf(((Map<String, Object>) peer.getValue()).get("package")));
                figures.add((Map<String, Object>) peer.getValue());
            }
            Map<String, Object> drain = (Map<String, Object>) results.get("drain");
            Map<String, Object> latency = (Map<String, Object>) results.get("latency");

            var drainChart = bars("Drain of 20,000 due deliveries (per second)", "deliveries/s");
            List<Double> drains = new ArrayList<>(List.of((double) drain.get("deliveriesPerSecond")));
            figures.forEach(f -> drains.add((double) f.getOrDefault("drainPerSecond", 0.0)));
            drainChart.addSeries("deliveries/s", systems, drains);

            var latencyChart = bars("Latency at 100 events/s (ms, lower is better)", "ms");
            latencyChart.addSeries(
                    "this service", List.of("p50", "p99"), List.of((double) latency.get("p50Ms"), (double) latency.get("p99Ms")));
            for (int i = 0; i < figures.size(); i++) {
                latencyChart.addSeries(systems.get(i + 1), List.of("p50", "p99"), List.of(
                        (double) figures.get(i).getOrDefault("p50Ms", 0.0), (double) figures.get(i).getOrDefault("p99Ms", 0.0)));
            }

            var ingestChart = bars("Ingest (events accepted per second)", "events/s");
            List<String> ingestNames = new ArrayList<>(List.of("one model a call"));
            List<Double> ingests = new ArrayList<>(List.of((double) ((Map<String, Object>) results.get("ingest")).get("eventsPerSecond")));
            if (results.get("baselineIngest") instanceof Map<?, ?> baseline) {
                ingestNames.add("one a call, before");
                ingests.add((double) baseline.get("eventsPerSecond"));
            }
            ingestNames.add("batches of 500");
            ingests.add((double) ((Map<String, Object>) results.get("batchIngest")).get("eventsPerSecond"));
            ingestChart.addSeries("events/s", ingestNames, ingests);

            var rssChart = bars("Peak resident memory (MB)", "MB");
            List<Double> rss = new ArrayList<>(List.of(
                    ((Number) ((Map<String, Object>) results.get("peakRssMb")).get("replicaA")).doubleValue()));
            figures.forEach(f -> rss.add((double) f.getOrDefault("drainPeakRssMb", 0.0)));
            rssChart.addSeries("MB", systems, rss);

            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1400, 960, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, 1400, 960);
            g.setColor(java.awt.Color.BLACK);
            g.drawString(title, 20, 20);
            g.drawImage(org.knowm.xchart.BitmapEncoder.getBufferedImage(drainChart), 0, 30, null);
            g.drawImage(org.knowm.xchart.BitmapEncoder.getBufferedImage(latencyChart), 700, 30, null);
            g.drawImage(org.knowm.xchart.BitmapEncoder.getBufferedImage(ingestChart), 0, 495, null);
            g.drawImage(org.knowm.xchart.BitmapEncoder.getBufferedImage(rssChart), 700, 495, null);
            g.dispose();
            javax.imageio.ImageIO.write(image, "png", file.toFile());
        }

        static org.knowm.xchart.CategoryChart bars(String title, String unit) {
            var chart = new org.knowm.xchart.CategoryChartBuilder()
                    .width(700)
                    .height(460)
                    .title(title)
                    .yAxisTitle(unit)
                    .build();
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            chart.getStyler().setLabelsVisible(true);
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            return chart;
        }
    }
}
