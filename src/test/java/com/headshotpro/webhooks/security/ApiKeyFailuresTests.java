package com.headshotpro.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.endpoint.SecretGenerator;
import com.headshotpro.webhooks.support.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiKeyFailuresTests {

    private final SettableClock clock = new SettableClock();
    private final ApiKeyFailures failures = new ApiKeyFailures(3, clock);

    @Test
    void everyIssuedKeyIsWellFormedAndLittleElseIs() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(ApiKeys.isWellFormed(SecretGenerator.apiKey())).isTrue();
        }
        String key = SecretGenerator.apiKey();
        assertThat(ApiKeys.isWellFormed(key.substring(0, key.length() - 1))).isFalse();
        assertThat(ApiKeys.isWellFormed(key + "A")).isFalse();
        assertThat(ApiKeys.isWellFormed("hsx_" + key.substring(4))).isFalse();
        assertThat(ApiKeys.isWellFormed(key.substring(0, 10) + "+" + key.substring(11)))
                .isFalse();
        assertThat(ApiKeys.isWellFormed(key.substring(0, 10) + "é" + key.substring(11)))
                .isFalse();
        assertThat(ApiKeys.isWellFormed("")).isFalse();
        assertThat(ApiKeys.isWellFormed("hsp_wrong")).isFalse();
    }

    @Test
    void aClientWaitsOnceItUsedUpItsFailuresUntilTheyRefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(failures.wait("198.51.100.7")).isEmpty();
            failures.failed("198.51.100.7");
        }
        assertThat(failures.wait("198.51.100.7"))
                .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
        assertThat(failures.wait("198.51.100.8")).isEmpty();

        clock.advance(Duration.ofSeconds(20));
        assertThat(failures.wait("198.51.100.7")).isEmpty();
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        assertThat(ApiKeyFailures.client("2001:db8:1:2:3:4:5:6"))
                .isEqualTo(ApiKeyFailures.client("2001:db8:1:2:ffff::1"))
                .isNotEqualTo(ApiKeyFailures.client("2001:db8:1:3::1"));
        assertThat(ApiKeyFailures.client("0:0:0:0:0:0:0:1")).isEqualTo(ApiKeyFailures.client("::1"));
        assertThat(ApiKeyFailures.client("203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void clientsBeyondTheBoundShareOneAllowanceUntilOthersAreForgotten() {
        for (int i = 0; i < ApiKeyFailures.MAX_CLIENTS; i++) {
            failures.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        for (int i = 0; i < 3; i++) {
            failures.failed("192.0.2." + i);
        }
        assertThat(failures.wait("192.0.2.200"))
                .as("a new client shares the crowd's allowance")
                .isPresent();
        assertThat(failures.wait("10.0.0.1")).as("a known client keeps its own").isEmpty();

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            failures.failed("192.0.2.100");
        }
        assertThat(failures.wait("192.0.2.101"))
                .as("whole allowances were forgotten, so new clients have their own again")
                .isEmpty();
    }

    @Test
    void aRefusedKeyIsRememberedForAWhile() {
        String key = SecretGenerator.apiKey();
        assertThat(failures.refusedLately(key)).isFalse();
        failures.refused(key);
        assertThat(failures.refusedLately(key)).isTrue();
        assertThat(failures.refusedLately(SecretGenerator.apiKey())).isFalse();

        clock.advance(ApiKeyFailures.KEY_MEMORY.plusSeconds(1));
        assertThat(failures.refusedLately(key)).isFalse();
    }
}
