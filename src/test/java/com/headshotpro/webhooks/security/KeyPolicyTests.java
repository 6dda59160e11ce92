package com.headshotpro.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.headshotpro.webhooks.support.Tokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class KeyPolicyTests {

    /** What a deployment sees at startup: the properties bound from the environment, the policy on them. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Keys {

        @Bean
        static KeyPolicy keyPolicy(Environment environment) {
            return new KeyPolicy(environment);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GOOD_ENCRYPTION_KEY = Base64.getEncoder().encodeToString(random(32));

    private final ApplicationContextRunner startup = new ApplicationContextRunner().withUserConfiguration(Keys.class);

    private static ApplicationContextRunner environment(
            ApplicationContextRunner runner, Map<String, Object> variables) {
        return runner.withInitializer(context -> context.getEnvironment()
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("systemEnvironment", variables)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "change-me-run-openssl-rand-hex-32",
                "please-CHANGE-ME-before-going-live-0123456789",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "abababababababababababababababababababababab",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "dev-only-jwt-secret-do-not-use-in-production"
            })
    void aPlaceholderOrGuessableJwtKeyStopsStartupNamingTheSettingButNotTheKey(String key) {
        environment(
                        startup,
                        Map.of("HOOKS_SECURITY_JWT_SECRET", key, "HOOKS_SECURITY_ENCRYPTION_KEY", GOOD_ENCRYPTION_KEY))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("hooks.security.jwt-secret (HOOKS_SECURITY_JWT_SECRET)")
                            .hasMessageContaining("refusing to start")
                            .hasMessageContaining("openssl rand -hex 32")
                            .hasMessageNotContaining(key);
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "change-me-run-openssl-rand-base64-32",
                "Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWUtISE=",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "YWJjZGVmZ2hpamtsbW5vYWJjZGVmZ2hpamtsbW5vYWI=",
                "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="
            })
    void aPlaceholderOrGuessableEncryptionKeyStopsStartup(String key) {
        environment(
                        startup,
                        Map.of(
                                "HOOKS_SECURITY_JWT_SECRET",
                                HexFormat.of().formatHex(random(32)),
                                "HOOKS_SECURITY_ENCRYPTION_KEY",
                                key))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("hooks.security.encryption-key (HOOKS_SECURITY_ENCRYPTION_KEY)")
                            .hasMessageContaining("openssl rand -base64 32")
                            .hasMessageNotContaining(key);
                });
    }

    @Test
    void theDevProfileKeepsItsPublicKeys() {
        startup.withPropertyValues(
                        "spring.profiles.active=dev",
                        "hooks.security.jwt-secret=dev-only-jwt-secret-do-not-use-in-production",
                        "hooks.security.encryption-key=ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theTestSuitesOwnKeysPass() {
        startup.withPropertyValues(
                        "hooks.security.jwt-secret=" + Tokens.TEST_KEY,
                        "hooks.security.encryption-key=dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyYnl0ZXM=")
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** openssl rand -hex 32 writes 64 of only 16 characters: such a key counts by the 32 bytes it spells. */
    @Test
    void everyGeneratedKeyPasses() {
        for (int i = 0; i < 2_000; i++) {
            SecurityProperties generated = new SecurityProperties(
                    HexFormat.of().formatHex(random(32)),
                    null,
                    Base64.getEncoder().encodeToString(random(32)));
            assertThatCode(() -> KeyPolicy.check(generated, false)).doesNotThrowAnyException();
        }
    }

    /** The new hooks.security.jwt.* settings sit beside jwt-secret, which binds from its variable as before. */
    @Test
    void theJwtSettingsBindFromTheEnvironmentBesideTheKey() {
        String key = HexFormat.of().formatHex(random(32));
        environment(
                        startup,
                        Map.of(
                                "HOOKS_SECURITY_JWT_SECRET", key,
                                "HOOKS_SECURITY_ENCRYPTION_KEY", GOOD_ENCRYPTION_KEY,
                                "HOOKS_SECURITY_JWT_ISSUER", "https://app.headshotpro.com",
                                "HOOKS_SECURITY_JWT_AUDIENCE", "headshotpro-webhooks",
                                "HOOKS_SECURITY_JWT_MAX_LIFETIME", "1h",
                                "HOOKS_SECURITY_API_KEY_FAILURES_PER_MINUTE", "5"))
                .run(context -> {
                    SecurityProperties properties = context.getBean(SecurityProperties.class);
                    assertThat(properties.jwtSecret()).isEqualTo(key);
                    assertThat(properties.jwt())
                            .isEqualTo(new SecurityProperties.JwtProperties(
                                    "https://app.headshotpro.com", "headshotpro-webhooks", Duration.ofHours(1)));
                    assertThat(properties.apiKeyFailuresPerMinute()).isEqualTo(5);
                });
        environment(startup, Map.of("HOOKS_SECURITY_JWT_SECRET", key)).run(context -> {
            SecurityProperties properties = context.getBean(SecurityProperties.class);
            assertThat(properties.jwt().maxLifetime()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.jwt().issuer()).isNull();
            assertThat(properties.apiKeyFailuresPerMinute()).isEqualTo(30);
        });
    }

    @Test
    void aKeyTooShortIsStillSaidByTheDecoder() {
        assertThatThrownBy(() -> SecurityConfiguration.verifyingDecoder(
                        new SecurityProperties("0123456789abcdefghijklmnopq", null, null), Clock.systemUTC()))
                .hasMessageContaining("at least 32 bytes")
                .hasMessageContaining("openssl rand -hex 32");
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
