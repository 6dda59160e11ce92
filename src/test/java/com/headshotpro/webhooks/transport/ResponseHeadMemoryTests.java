package com.headshotpro.webhooks.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.support.HostileReceiver;
import com.headshotpro.webhooks.support.HostileReceiver.Behaviour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The memory side of the response-head budget: 32 attempts at once against a receiver that ends a
 * chunked 200 with 255 trailers of 16,000 characters (about 8 MiB of heap each, were they kept), in a
 * JVM of their own with a 256 MB heap that exits on {@link OutOfMemoryError}, as the Dockerfile runs the
 * service. Every attempt fails with "response headers too large" and the JVM ends normally.
 */
class ResponseHeadMemoryTests {

    static final int IN_FLIGHT = 32;
    static final int ROUNDS = 4;
    static final String ERROR = "response headers too large";

    @Test
    void thirtyTwoAttemptsAgainstHugeTrailersFailWithinASmallHeap() throws Exception {
        Path output = Files.createTempFile("response-head-memory-", ".log");
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        InFlight.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(exited).as("the child ended in time:\n%s", log).isTrue();
        assertThat(log).doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).as(log).isZero();
        assertThat(log)
                .contains(IN_FLIGHT * ROUNDS + " attempts, " + IN_FLIGHT * ROUNDS + " failed with \"" + ERROR + "\"");
    }

    /** The child: {@link #ROUNDS} times {@link #IN_FLIGHT} attempts started together; exits 1 unless all failed so. */
    static final class InFlight {

        public static void main(String[] args) throws Exception {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(Level.WARN);
            WebhookClient client = new WebhookClient(
                    new UrlPolicy(true, true, host -> {
                        throw new AssertionError("no name is resolved by the form check");
                    }),
                    Clock.systemUTC(),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(20),
                    256);
            List<Attempt> attempts = new ArrayList<>();
            try (HostileReceiver receiver = new HostileReceiver(Behaviour.HUGE_TRAILERS);
                    ExecutorService threads = Executors.newFixedThreadPool(IN_FLIGHT)) {
                for (int round = 0; round < ROUNDS; round++) {
                    CyclicBarrier start = new CyclicBarrier(IN_FLIGHT);
                    List<Future<Attempt>> sends = new ArrayList<>();
                    for (int n = 0; n < IN_FLIGHT; n++) {
                        sends.add(threads.submit(() -> {
                            start.await();
                            return client.send(
                                    1,
                                    receiver.url("/hook"),
                                    "5e".repeat(32),
                                    "model.created",
                                    UUID.randomUUID(),
                                    WebhookClientTests.BODY);
                        }));
                    }
                    for (Future<Attempt> send : sends) {
                        attempts.add(send.get());
                    }
                }
            } finally {
                client.close();
            }
            long failedSo = attempts.stream()
                    .filter(a -> a.statusCode() == null && ERROR.equals(a.error()))
                    .count();
            attempts.stream()
                    .filter(a -> a.statusCode() != null || !ERROR.equals(a.error()))
                    .limit(5)
                    .forEach(a -> System.out.println("unexpected: status " + a.statusCode() + ", error " + a.error()));
            System.out.println(attempts.size() + " attempts, " + failedSo + " failed with \"" + ERROR + "\"");
            System.exit(failedSo == attempts.size() ? 0 : 1);
        }
    }
}
