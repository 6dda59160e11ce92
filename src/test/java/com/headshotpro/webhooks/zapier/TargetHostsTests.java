package com.headshotpro.webhooks.zapier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetHostsTests {

    private final TargetHosts zapier = new TargetHosts(List.of("hooks.zapier.com"));

    @ParameterizedTest
    @CsvSource({
        "https://hooks.zapier.com/hooks/catch/1/abc, true",
        "https://HOOKS.ZAPIER.COM/x, true",
        "https://hooks.zapier.com./x, true",
        "https://hooks.zapier.com:443/x, true",
        "https://a.b.hooks.zapier.com/x, true",
        "https://evilhooks.zapier.com/x, false",
        "https://hooks.zapier.com.evil.com/x, false",
        "https://zapier.com/x, false",
        "https://example.com/steal, false",
        "https://hooks.zapier.com@example.com/x, false",
        "https://example.com/#@hooks.zapier.com, false",
        "https://example.com?hooks.zapier.com, false",
        "mailto:hooks.zapier.com, false",
    })
    void aHostMatchesItselfAndItsSubdomainsOnly(String url, boolean allowed) {
        assertThat(zapier.refusal(url).isEmpty()).as(url).isEqualTo(allowed);
    }

    @Test
    void theRefusalNamesTheHosts() {
        assertThat(zapier.refusal("https://example.com/steal"))
                .hasValue("must be a URL on hooks.zapier.com or one of its subdomains");
        assertThat(new TargetHosts(List.of(" Hooks.Zapier.com ", "", "LOCALHOST")).refusal("https://example.com/"))
                .hasValue("must be a URL on one of hooks.zapier.com, localhost, or one of their subdomains");
    }

    @Test
    void severalHostsEachMatchThemselvesAndTheirSubdomains() {
        TargetHosts hosts = new TargetHosts(List.of("hooks.zapier.com", "localhost", "127.0.0.1"));
        assertThat(hosts.allows("127.0.0.1")).isTrue();
        assertThat(hosts.allows("LocalHost")).isTrue();
        assertThat(hosts.allows("127.0.0.2")).isFalse();
        assertThat(hosts.allows("notlocalhost")).isFalse();
    }

    @Test
    void aListWithoutAHostIsAMistake() {
        assertThatThrownBy(() -> new TargetHosts(List.of(" ", "."))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatDoesNotParseIsLeftToTheUrlPolicy() {
        assertThat(zapier.refusal("https://hooks.zapier.com/a b")).isEmpty();
    }
}
