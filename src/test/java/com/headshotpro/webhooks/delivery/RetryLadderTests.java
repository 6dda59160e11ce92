package com.headshotpro.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RetryLadderTests {

    private static final Instant FAILED_AT = Instant.parse("2024-01-15T12:00:00Z");

    /** The ladder as the service configures it when nothing is set: hooks.delivery bound from nothing. */
    private final RetryLadder ladder = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("hooks.delivery", DeliveryProperties.class)
            .ladder();

    @Test
    void theDefaultLadderIsImmediatelyThenAfterFiveMinutesFifteenMinutesAndAnHour() {
        assertThat(ladder.attempts()).isEqualTo(5);
        assertThat(ladder.delays())
                .containsExactly(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));
    }

    @Test
    void eachFailureWaitsItsRungAfterTheFailure() {
        int allowed = ladder.attempts();
        assertThat(ladder.nextAttempt(1, allowed, FAILED_AT)).contains(FAILED_AT);
        assertThat(ladder.nextAttempt(2, allowed, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofMinutes(5)));
        assertThat(ladder.nextAttempt(3, allowed, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofMinutes(15)));
        assertThat(ladder.nextAttempt(4, allowed, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofHours(1)));
        assertThat(ladder.nextAttempt(5, allowed, FAILED_AT)).isEmpty();
    }

    @Test
    void aDeliveryEndsAtItsAllowanceOrAtTheLadderTopWhicheverComesFirst() {
        // Allowed three attempts (fewer than the ladder's five): the first two get their rungs, the third ends it.
        assertThat(ladder.nextAttempt(1, 3, FAILED_AT)).contains(FAILED_AT);
        assertThat(ladder.nextAttempt(2, 3, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofMinutes(5)));
        assertThat(ladder.nextAttempt(3, 3, FAILED_AT)).isEmpty();
        assertThat(ladder.retriesAtOnce(1, 1))
                .as("one attempt allowed: no immediate retry")
                .isFalse();
        assertThat(ladder.retriesAtOnce(1, 3)).isTrue();
        // A redelivery after the five allows a sixth: after it the ladder has no rung left, so none follows.
        assertThat(ladder.nextAttempt(5, 6, FAILED_AT)).isEmpty();
        assertThat(ladder.nextAttempt(6, 6, FAILED_AT)).isEmpty();
        assertThat(ladder.retriesAtOnce(5, 6)).isFalse();
    }

    @Test
    void onlyZeroDelaysAreRetriedInProcess() {
        assertThat(ladder.immediateAttempts(1, 5)).isEqualTo(2); // first attempt and the immediate retry
        assertThat(ladder.immediateAttempts(2, 5)).isEqualTo(1);
        assertThat(ladder.immediateAttempts(5, 5)).isEqualTo(1);
        assertThat(ladder.immediateAttempts(1, 1)).isEqualTo(1);
        RetryLadder eager = new RetryLadder(List.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
        assertThat(eager.immediateAttempts(1, eager.attempts())).isEqualTo(3);
    }

    @Test
    void refusesNegativeDelays() {
        assertThatThrownBy(() -> new RetryLadder(List.of(Duration.ofSeconds(-1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
