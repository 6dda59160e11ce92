package com.headshotpro.webhooks.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.support.HostileReceiver;
import com.headshotpro.webhooks.support.HostileReceiver.Behaviour;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One attempt against receivers that break HTTP, on real sockets: each ends within the request timeout
 * (1 s here) as a recorded attempt whose texts Postgres can store, having read a bounded amount.
 */
class WebhookClientTests {

    static final long TIMEOUT_MS = 1000;

    static final WebhookClient client = new WebhookClient(
            new UrlPolicy(true, true, host -> {
                throw new AssertionError("no name is resolved by the form check");
            }),
            Clock.systemUTC(),
            Duration.ofMillis(500),
            Duration.ofMillis(TIMEOUT_MS),
            256);

    static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    /**
     * One attempt before the tests, so that loading and linking the HTTP stack (over a second on a busy
     * machine) is not taken for a receiver's slowness by whichever test runs first.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        assertThat(sendAnswered("HTTP/1.1 204 No Content\r\n\r\n").statusCode()).isEqualTo(204);
    }

    @AfterAll
    static void closeClient() throws Exception {
        client.close();
    }

    private static Attempt sendTo(Behaviour behaviour) throws Exception {
        try (HostileReceiver receiver = new HostileReceiver(behaviour)) {
            return sendTo(receiver);
        }
    }

    /** One attempt to a receiver that answers every request with {@code response}, raw. */
    private static Attempt sendAnswered(String response) throws Exception {
        try (HostileReceiver receiver = HostileReceiver.answering(response)) {
            return sendTo(receiver);
        }
    }

    private static Attempt sendTo(HostileReceiver receiver) {
        return client.send(1, receiver.url("/hook"), "5e".repeat(32), "model.created", UUID.randomUUID(), BODY);
    }

    private static void assertStorable(Attempt attempt) {
        assertThat(attempt.durationMs()).isLessThan((int) TIMEOUT_MS + 500);
        if (attempt.error() != null) {
            assertThat(attempt.error()).doesNotContainPattern("\\p{Cntrl}").hasSizeLessThanOrEqualTo(1024);
        }
        if (attempt.response() != null) {
            assertThat(attempt.response()).doesNotContain("\u0000").hasSizeLessThanOrEqualTo(8 * 1024);
        }
    }

    @Test
    void anEndlessHeaderLineEndsTheAttemptAfterSixteenKibibytes() throws Exception {
        Attempt attempt = sendTo(Behaviour.ENDLESS_HEADER_LINE);
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).isEqualTo("response headers too large");
        assertStorable(attempt);
    }

    @Test
    void endlessSmallHeadersEndTheAttemptToo() throws Exception {
        Attempt attempt = sendTo(Behaviour.ENDLESS_HEADERS);
        assertThat(attempt.error()).isEqualTo("response headers too large");
        assertStorable(attempt);
    }

    @Test
    void hugeTrailersAfterASmallBodyEndTheAttemptLikeHugeHeaders() throws Exception {
        Attempt attempt = sendTo(Behaviour.HUGE_TRAILERS);
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).as("not a success").isEqualTo("response headers too large");
        assertStorable(attempt);
    }

    @Test
    void headersAndTrailersShareOneBudget() throws Exception {
        String tenKibibytes = "a".repeat(10 * 1024);
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n";
        String body = "\r\n2\r\nok\r\n0\r\n";
        assertThat(sendAnswered(chunked + "X-Big: " + tenKibibytes + "\r\n" + body + "\r\n")
                        .statusCode())
                .as("a 10 KiB header alone")
                .isEqualTo(200);
        assertThat(sendAnswered(chunked + body + "X-Big: " + tenKibibytes + "\r\n\r\n")
                        .statusCode())
                .as("a 10 KiB trailer alone")
                .isEqualTo(200);
        Attempt both = sendAnswered(
                chunked + "X-Big: " + tenKibibytes + "\r\n" + body + "X-Big: " + tenKibibytes + "\r\n\r\n");
        assertThat(both.statusCode()).isNull();
        assertThat(both.error()).isEqualTo("response headers too large");
    }

    @Test
    void aChunkedResponseWithAFewSmallTrailersSucceeds() throws Exception {
        Attempt attempt = sendAnswered("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n1;ext=1\r\n!\r\n0\r\nX-Checksum: 1234\r\nX-Done: yes\r\n\r\n");
        assertThat(attempt.error()).isNull();
        assertThat(attempt.statusCode()).isEqualTo(200);
        assertThat(attempt.response()).isEqualTo("ok!");
    }

    @Test
    void manyInterimResponsesShareTheBudgetOfTheFinalOne() throws Exception {
        Attempt attempt = sendTo(Behaviour.MANY_INTERIM_RESPONSES);
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).as("not a success").isEqualTo("response headers too large");
        assertStorable(attempt);
    }

    @Test
    void aFewInterimResponsesBeforeTheFinalOneAreFine() throws Exception {
        Attempt attempt = sendAnswered("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok");
        assertThat(attempt.error()).isNull();
        assertThat(attempt.statusCode()).isEqualTo(202);
        assertThat(attempt.response()).isEqualTo("ok");
    }

    @Test
    void eachAttemptOnAReusedConnectionHasABudgetOfItsOwn() throws Exception {
        try (HostileReceiver receiver = HostileReceiver.answering(
                "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(10 * 1024) + "\r\nContent-Length: 2\r\n\r\nok")) {
            for (int n = 0; n < 3; n++) {
                Attempt attempt = sendTo(receiver);
                assertThat(attempt.error()).as("attempt %d", n + 1).isNull();
                assertThat(attempt.statusCode()).isEqualTo(200);
            }
            assertThat(receiver.connections()).as("one connection, reused").isEqualTo(1);
        }
    }

    @Test
    void anEndlessBodyIsCutAtEightKibibytesAndItsConnectionClosedNotDrained() throws Exception {
        Attempt attempt = sendTo(Behaviour.ENDLESS_BODY);
        assertThat(attempt.statusCode()).isEqualTo(500);
        assertThat(attempt.error()).isNull();
        assertThat(attempt.response()).hasSize(8 * 1024).matches("a+");
        assertThat(attempt.durationMs())
                .as("closed at once, not read until the deadline")
                .isLessThan((int) TIMEOUT_MS / 2);
    }

    @Test
    void aTrickleOfBytesEndsAtTheRequestTimeout() throws Exception {
        Attempt attempt = sendTo(Behaviour.TRICKLE);
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).isEqualTo("timeout after " + TIMEOUT_MS + " ms");
        assertThat(attempt.durationMs()).isGreaterThanOrEqualTo((int) TIMEOUT_MS - 50);
        assertStorable(attempt);
    }

    @Test
    void aReceiverThatNeverAnswersEndsAtTheRequestTimeout() throws Exception {
        Attempt attempt = sendTo(Behaviour.SILENT);
        assertThat(attempt.error()).startsWith("timeout");
        assertStorable(attempt);
    }

    @Test
    void nulBytesInTheStatusLineAreAProtocolErrorWithACleanText() throws Exception {
        Attempt attempt = sendTo(Behaviour.NUL_IN_STATUS_LINE);
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).startsWith("protocol error");
        assertStorable(attempt);
    }

    @Test
    void nulBytesAndInvalidUtf8InHeadersAndBodyAreKeptOutOfTheRecord() throws Exception {
        Attempt attempt = sendTo(Behaviour.NUL_IN_HEADERS_AND_BODY);
        assertThat(attempt.statusCode()).isEqualTo(500);
        assertThat(attempt.response()).startsWith("bad").contains("\uFFFD");
        assertStorable(attempt);
    }

    @Test
    void aResetConnectionIsAFailedAttempt() throws Exception {
        Attempt attempt = sendTo(Behaviour.RESET);
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).isNotBlank();
        assertStorable(attempt);
    }

    @Test
    void errorTextsAreCleanedAndCut() {
        Attempt attempt = Attempt.failed(1, java.time.Instant.EPOCH, 1, "a\u0000b\r\n\u0007c" + "x".repeat(2000));
        assertThat(attempt.error()).startsWith("a b c").hasSize(1024).endsWith("…");
        assertThat(new Attempt(1, java.time.Instant.EPOCH, 1, 200, null, "o\u0000k").response())
                .isEqualTo("ok");
    }
}
