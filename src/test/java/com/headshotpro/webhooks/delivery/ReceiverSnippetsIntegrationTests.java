package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The README's verification code for receivers (docs/verify), run against a real signed delivery. */
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
        for (List<String> snippet : snippets) {
            assertThat(run(snippet, secret, timestamp, signature, body))
                    .as(snippet + " on the delivery")
                    .isEqualTo("valid");
            assertThat(run(snippet, secret, timestamp, signature, tampered))
                    .as(snippet + " on a tampered body")
                    .isEqualTo("invalid");
            assertThat(run(snippet, "0".repeat(64), timestamp, signature, body))
                    .as(snippet + " with another secret")
                    .isEqualTo("invalid");
        }
    }

    private static String run(List<String> command, String secret, String timestamp, String signature, Path body)
            throws Exception {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(timestamp, signature, body.toString()));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().put("HEADSHOTPRO_WEBHOOK_SECRET", secret);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isEqualTo(output.equals("valid") ? 0 : 1);
        return output;
    }
}
