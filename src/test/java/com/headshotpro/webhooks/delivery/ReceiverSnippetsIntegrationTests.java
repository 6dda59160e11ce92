package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.signing.WebhookSigner;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The README's verification code for receivers (docs/verify), run against a real signed delivery: the
 * service's own signature in Java, Node and Python, and the Standard Webhooks signature with the official
 * libraries (Java from Maven Central, JavaScript from npm) and with Python's standard library.
 */
@IntegrationTest
class ReceiverSnippetsIntegrationTests {

    static final Receiver receiver = new Receiver();

    @Autowired
    MockMvc mvc;

    @TempDir
    Path dir;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void javaNodeAndPythonSnippetsAcceptARealDeliveryAndRejectATamperedOne() throws Exception {
        String org = Api.organization(mvc, true);
        String path = "/snippets/" + org;
        receiver.answerOk(path);
        String secret = Api.saveWebhook(mvc, org, receiver.url(path));
        Models.create(mvc, org, "snip-" + org).andExpect(status().isCreated());
        LoggedRequest delivery = await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.received(path), r -> !r.isEmpty())
                .getFirst();
        Path body = Files.write(dir.resolve("body.json"), delivery.getBody());
        Path tampered = Files.writeString(
                dir.resolve("tampered.json"),
                delivery.getBodyAsString().replace("\"pending\"", "\"finished\""),
                StandardCharsets.UTF_8);
        String timestamp = delivery.getHeader("X-HeadshotPro-Timestamp");
        String signature = delivery.getHeader("X-HeadshotPro-Signature");

        String java = ProcessHandle.current().info().command().orElse("java");
        List<List<String>> snippets = List.of(
                List.of(java, "docs/verify/Verify.java"),
                List.of("node", "docs/verify/verify.js"),
                List.of("python3", "docs/verify/verify.py"));
        List<String> headers = List.of(timestamp, signature);
        List<Check> checks = new ArrayList<>();
        for (List<String> snippet : snippets) {
            checks.add(new Check(snippet + " on the delivery", snippet, secret, headers, body, "valid"));
            checks.add(new Check(snippet + " on a tampered body", snippet, secret, headers, tampered, "invalid"));
            checks.add(new Check(snippet + " with another secret", snippet, "0".repeat(64), headers, body, "invalid"));
        }
        runAll(checks);
    }

    @Test
    void theStandardWebhooksLibrariesVerifyARealDeliveryWithTheConvertedSecret() throws Exception {
        String org = Api.organization(mvc, true);
        String path = "/standard/" + org;
        receiver.answerOk(path);
        String secret = Api.saveWebhook(mvc, org, receiver.url(path));
        Models.create(mvc, org, "std-" + org).andExpect(status().isCreated());
        LoggedRequest delivery = await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.received(path), r -> !r.isEmpty())
                .getFirst();
        String id = delivery.getHeader("webhook-id");
        String timestamp = delivery.getHeader("webhook-timestamp");
        String signature = delivery.getHeader("webhook-signature");
        assertThat(id).isEqualTo(delivery.getHeader("X-HeadshotPro-Event-Id"));
        assertThat(timestamp).isEqualTo(delivery.getHeader("X-HeadshotPro-Timestamp"));
        String tamperedBody = delivery.getBodyAsString().replace("\"pending\"", "\"finished\"");

        // Java: com.standardwebhooks:standardwebhooks
        Map<String, List<String>> headers = Map.of(
                "webhook-id",
                List.of(id),
                "webhook-timestamp",
                List.of(timestamp),
                "webhook-signature",
                List.of(signature));
        com.standardwebhooks.Webhook java = new com.standardwebhooks.Webhook(WebhookSigner.standardSecret(secret));
        java.verify(delivery.getBodyAsString(), headers);
        assertThatThrownBy(() -> java.verify(tamperedBody, headers))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
        assertThatThrownBy(() -> new com.standardwebhooks.Webhook(WebhookSigner.standardSecret("0".repeat(64)))
                        .verify(delivery.getBodyAsString(), headers))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);

        // JavaScript: npm standardwebhooks, installed from the lock file in a copy of docs/verify/standard-webhooks
        Path node = dir.resolve("standard-webhooks");
        Files.createDirectories(node);
        for (String file : List.of("package.json", "package-lock.json", ".npmrc", "verify.js")) {
            Files.copy(Path.of("docs/verify/standard-webhooks", file), node.resolve(file));
        }
        Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(node.toFile())
                .redirectErrorStream(true)
                .start();
        String installed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(install.exitValue()).as(installed).isZero();

        Path body = Files.write(dir.resolve("standard-body.json"), delivery.getBody());
        Path tampered = Files.writeString(dir.resolve("standard-tampered.json"), tamperedBody, StandardCharsets.UTF_8);
        List<List<String>> verifiers = List.of(
                List.of("node", node.resolve("verify.js").toString()),
                List.of("python3", "docs/verify/verify_standard.py"));
        List<String> args = List.of(id, timestamp, signature);
        List<Check> checks = new ArrayList<>();
        for (List<String> verifier : verifiers) {
            checks.add(new Check(verifier + " on the delivery", verifier, secret, args, body, "valid"));
            checks.add(new Check(verifier + " on a tampered body", verifier, secret, args, tampered, "invalid"));
            checks.add(new Check(verifier + " with another secret", verifier, "0".repeat(64), args, body, "invalid"));
        }
        runAll(checks);
    }

    /** A verifier run: the command, given the secret, the delivery's headers and the body's file, prints {@code expected}. */
    record Check(String what, List<String> command, String secret, List<String> headers, Path body, String expected) {}

    /**
     * Runs every check at once, each verifier a process of its own (most of a run is a runtime starting),
     * then asserts what each printed and that it exited 0 for valid, 1 otherwise.
     */
    private static void runAll(List<Check> checks) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (Check check : checks) {
            List<String> args = new ArrayList<>(check.command());
            args.addAll(check.headers());
            args.add(check.body().toString());
            ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
            builder.environment().put("HEADSHOTPRO_WEBHOOK_SECRET", check.secret());
            processes.add(builder.start());
        }
        for (int i = 0; i < checks.size(); i++) {
            Process process = processes.get(i);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(output).as(checks.get(i).what()).isEqualTo(checks.get(i).expected());
            assertThat(process.exitValue()).as(output).isEqualTo(output.equals("valid") ? 0 : 1);
        }
    }
}
