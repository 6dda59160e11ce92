package com.headshotpro.webhooks.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.endpoint.SealedSecret;
import com.headshotpro.webhooks.endpoint.SecretCipher;
import com.headshotpro.webhooks.endpoint.SigningSecrets;
import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.security.SecurityProperties;
import com.headshotpro.webhooks.support.HostileReceiver;
import com.headshotpro.webhooks.support.HostileReceiver.Behaviour;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.transport.Attempt;
import com.headshotpro.webhooks.transport.WebhookClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The attempts of one claimed delivery, with a real HTTP receiver: a failure that is not HTTP is a failed
 * attempt, one of the database is no attempt at all, and no attempt starts without the lease to finish it
 * or on a stopping replica.
 */
class DeliveryAttemptTests {

    static final DeliveryProperties PROPERTIES = properties(
            Map.of("request-timeout", "1s", "connect-timeout", "500ms", "lease", "5s", "retry-delays", "0s,5m"));
    static final SecretCipher CIPHER = new SecretCipher(new SecurityProperties(
            null,
            null,
            Base64.getEncoder()
                    .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII))));
    static final WebhookClient CLIENT = new WebhookClient(
            new UrlPolicy(true, true, host -> new java.net.InetAddress[0]),
            Clock.systemUTC(),
            PROPERTIES.connectTimeout(),
            PROPERTIES.requestTimeout(),
            PROPERTIES.maxInFlight());
    static final Receiver receiver = new Receiver();

    /** Delivery settings as the application would bind them: defaults for everything not given. */
    static DeliveryProperties properties(Map<String, String> values) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        values.forEach((key, value) -> source.put("hooks.delivery." + key, value));
        return new Binder(source).bindOrCreate("hooks.delivery", DeliveryProperties.class);
    }

    /** Opens secrets as the endpoint feature does, counting how often. */
    final AtomicInteger opened = new AtomicInteger();

    final SigningSecrets secrets = new SigningSecrets(CIPHER) {
        @Override
        public String open(SealedSecret secret) {
            opened.incrementAndGet();
            return super.open(secret);
        }
    };

    /** Endpoints are read from a database that cannot be reached; fresh copies come with the claims. */
    final EndpointSnapshots endpoints = new EndpointSnapshots(DeliveryCompletionsTests.NOWHERE, secrets);

    final DatabaseAvailability database =
            new DatabaseAvailability(DeliveryCompletionsTests.NOWHERE_DATA_SOURCE, Clock.systemUTC());

    final DeliveryAttempt attempts = attempts(endpoints);

    private DeliveryAttempt attempts(EndpointSnapshots endpoints) {
        return new DeliveryAttempt(
                CLIENT,
                null, // no endpoint is removed here: none of these receivers answers 410
                endpoints,
                database,
                new DeliveryMetrics(
                        new SimpleMeterRegistry(), new DeliveryCompletionsTests.ScriptedStore(), Clock.systemUTC()),
                PROPERTIES,
                Clock.systemUTC());
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
        CLIENT.close();
    }

    /** A delivery claimed just now, with {@code leaseLeft} of its lease left, its endpoint offered to {@link #endpoints}. */
    private ClaimedDelivery claimed(String url, byte[] secretCiphertext, Duration leaseLeft, long readAt) {
        ClaimedDelivery delivery = delivery(url, secretCiphertext, leaseLeft, readAt);
        endpoints.offer(delivery);
        return delivery;
    }

    /** A delivery claimed just now, with {@code leaseLeft} of its lease left, its endpoint read at {@code readAt}. */
    private static ClaimedDelivery delivery(String url, byte[] secretCiphertext, Duration leaseLeft, long readAt) {
        return new ClaimedDelivery(
                1,
                UUID.randomUUID(),
                UUID.randomUUID(),
                java.time.Instant.now(),
                "model.created",
                "org",
                UUID.randomUUID(),
                "WEBHOOK",
                url,
                SealedSecret.of(secretCiphertext),
                "{\"id\":\"evt\"}",
                0,
                5,
                false,
                false,
                readAt,
                System.nanoTime() + leaseLeft.toNanos());
    }

    private ClaimedDelivery claimed(String url, Duration leaseLeft) {
        return claimed(url, CIPHER.encrypt("5e".repeat(32)), leaseLeft, System.nanoTime());
    }

    @Test
    void aSecretThatCannotBeDecryptedIsAFailedAttemptOnTheLadder() {
        String path = "/undecryptable";
        receiver.answerOk(path);
        Outcome outcome = attempts.make(
                claimed(receiver.url(path), new byte[] {1, 2, 3}, Duration.ofSeconds(5), System.nanoTime()),
                () -> true);
        assertThat(outcome.attempts())
                .extracting(Attempt::error)
                .containsExactly("signing secret could not be decrypted", "signing secret could not be decrypted");
        assertThat(outcome.status()).isEqualTo(Outcome.Status.PENDING);
        assertThat(outcome.attemptCount()).isEqualTo(2);
        assertThat(receiver.received(path)).isEmpty();
    }

    @Test
    void theSecretIsOpenedOncePerCopyOfTheEndpointNotPerAttemptAndTheCopyNeverShowsIt() {
        String path = "/opened-once";
        receiver.answer(path, aResponse().withStatus(500));
        String secret = "5e".repeat(32);
        long readAt = System.nanoTime();
        EndpointSnapshots fresh = new EndpointSnapshots(DeliveryCompletionsTests.NOWHERE, secrets, () -> readAt);
        ClaimedDelivery delivery = delivery(
                receiver.url(path).replace("localhost", "127.0.0.1"),
                CIPHER.encrypt(secret),
                Duration.ofSeconds(5),
                readAt);
        fresh.offer(delivery);
        fresh.offer(delivery); // offered again, as a second claim's copy would be: kept, not opened again

        Outcome outcome = attempts(fresh).make(delivery, () -> true);

        assertThat(outcome.attempts()).extracting(Attempt::statusCode).containsExactly(500, 500);
        assertThat(receiver.received(path))
                .hasSize(2)
                .allSatisfy(request ->
                        assertThat(Receiver.signatureValid(request, secret)).isTrue());
        assertThat(opened).as("one opening for the copy, none per attempt").hasValue(1);
        EndpointSnapshots.Snapshot copy = fresh.current(delivery.endpointId());
        assertThat(copy.secret()).isEqualTo(secret);
        assertThat(copy.toString()).doesNotContain(secret).contains("<masked>");
    }

    @Test
    void anEndpointThatCannotBeReadForWantOfTheDatabaseIsHandedBackWithoutAnAttempt() {
        long longAgo = System.nanoTime() - TimeUnit.MINUTES.toNanos(1); // too old: the endpoint is read again
        ClaimedDelivery delivery =
                claimed("http://127.0.0.1:1/", CIPHER.encrypt("5e".repeat(32)), Duration.ofSeconds(5), longAgo);
        Outcome outcome = attempts.make(delivery, () -> true);
        assertThat(outcome.handedBack())
                .as("no attempt: the receiver was never called")
                .isTrue();
        assertThat(outcome.attemptCount()).isEqualTo(delivery.attemptCount());
        assertThat(outcome.nextAttemptAt()).isBeforeOrEqualTo(Clock.systemUTC().instant());
        assertThat(database.available()).as("the outage is reported").isFalse();
    }

    @Test
    void anImmediateRetryThatCannotReadTheEndpointKeepsTheAttemptMadeAndIsDueAtOnce() {
        String path = "/retry-without-database";
        receiver.answer(path, aResponse().withStatus(500));
        // the first attempt uses the claim's copy; the immediate retry finds it stale and reads the database
        long start = System.nanoTime();
        AtomicLong reads = new AtomicLong();
        EndpointSnapshots stale = new EndpointSnapshots(
                DeliveryCompletionsTests.NOWHERE, secrets, () -> start + reads.getAndIncrement() * 1_000_000_000L);
        ClaimedDelivery delivery = delivery(
                receiver.url(path).replace("localhost", "127.0.0.1"), // the policy here resolves no names
                CIPHER.encrypt("5e".repeat(32)),
                Duration.ofSeconds(5),
                start);
        stale.offer(delivery);
        Outcome outcome = attempts(stale).make(delivery, () -> true);
        assertThat(outcome.attempts()).extracting(Attempt::statusCode).containsExactly(500);
        assertThat(outcome.attemptCount()).isEqualTo(1);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.PENDING);
        assertThat(outcome.nextAttemptAt()).isBeforeOrEqualTo(Clock.systemUTC().instant());
        assertThat(receiver.received(path)).hasSize(1);
    }

    @Test
    void noAttemptStartsWithLessLeaseLeftThanItNeeds() {
        String path = "/short-lease";
        receiver.answerOk(path);
        Outcome outcome = attempts.make(claimed(receiver.url(path), Duration.ofMillis(1900)), () -> true);
        assertThat(outcome.handedBack()).isTrue();
        assertThat(receiver.received(path)).isEmpty();
    }

    @Test
    void noAttemptStartsOnAStoppingReplica() {
        String path = "/stopping";
        receiver.answerOk(path);
        Outcome outcome = attempts.make(claimed(receiver.url(path), Duration.ofSeconds(5)), () -> false);
        assertThat(outcome.handedBack()).isTrue();
        assertThat(receiver.received(path)).isEmpty();
    }

    @Test
    void anImmediateRetryWaitsForAFreshLeaseWhenTheFirstAttemptUsedTooMuchOfIt() throws Exception {
        try (HostileReceiver silent = new HostileReceiver(Behaviour.SILENT)) {
            // 2.5 s left: enough for one attempt (1 s timeout + 1 s margin), not for a second after it
            Outcome outcome = attempts.make(claimed(silent.url("/"), Duration.ofMillis(2500)), () -> true);
            assertThat(outcome.attempts()).hasSize(1);
            assertThat(outcome.status()).isEqualTo(Outcome.Status.PENDING);
            assertThat(outcome.nextAttemptAt())
                    .as("due at once, for whoever claims it next")
                    .isBeforeOrEqualTo(Clock.systemUTC().instant());
        }
    }
}
