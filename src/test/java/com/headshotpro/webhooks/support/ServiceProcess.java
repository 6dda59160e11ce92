package com.headshotpro.webhooks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The service in a process of its own, as ops run it: a JVM with its own heap limit, started from this
 * test run's classpath under the {@code test} profile, on a database of the caller's choosing. It can be
 * stopped as Docker stops it (SIGTERM) or killed; its output is kept in a file. It runs on the quick
 * compiler and without bytecode verification, as the test JVMs do: it starts sooner and spends less of the machine, and what the tests check
 * of it is behaviour (memory, shutdown, outages), not throughput, which the benchmark measures.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Options for a new process. */
    public static final class Builder {

        private final TestDatabases.Database database;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of(
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-BytecodeVerificationRemote"));

        private Builder(TestDatabases.Database database) {
            this.database = database;
        }

        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public Builder jvm(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Starts the process and waits until it is ready. */
        public ServiceProcess start() {
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            // The test run's classpath, test classes included (application-test.yml is among them). The
            // tests' @TestConfiguration classes (the frozen SettableClock among them) and the configurations
            // nested in test classes are not scanned into the service all the same: spring-boot-test, on this
            // classpath, registers ExcludeFilterApplicationContextInitializer for every SpringApplication
            // (META-INF/spring.factories), and its TestTypeExcludeFilter leaves them out. The service keeps
            // the database's clock (DatabaseClock), as GracefulShutdownIntegrationTests checks of a replica
            // started the same way in its JVM.
            command.add("-cp");
            command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
            command.add("com.headshotpro.webhooks.WebhooksApplication");
            command.add("--spring.profiles.active=test");
            command.add("--server.port=" + port);
            command.add("--spring.datasource.url=" + database.url());
            command.add("--spring.datasource.username=" + database.user());
            command.add("--spring.datasource.password=" + database.password());
            properties.forEach((name, value) -> command.add("--" + name + "=" + value));
            try {
                Path log = Files.createTempFile("service-" + port + "-", ".log");
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                ServiceProcess service = new ServiceProcess(process, port, log);
                service.awaitReady(Duration.ofSeconds(90));
                return service;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Builder on(TestDatabases.Database database) {
        return new Builder(database);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What {@code GET path} answers, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(baseUrl() + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitReady(Duration patience) {
        try {
            Awaitility.await()
                    .atMost(patience)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the service died on startup:\n" + log());
                        }
                        return status("/actuator/health/readiness") == 200;
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Asks the process to stop, as {@code docker stop} does (SIGTERM). */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit; returns its exit code, or null if it is still running after {@code patience}. */
    public Integer awaitExit(Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Everything the process wrote so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The peak resident set of the process so far, in MiB (Linux {@code VmHWM}), or -1 where unknown. */
    public long peakResidentMebibytes() {
        try {
            Matcher m = Pattern.compile("VmHWM:\\s+(\\d+) kB")
                    .matcher(Files.readString(Path.of("/proc/" + process.pid() + "/status")));
            return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
