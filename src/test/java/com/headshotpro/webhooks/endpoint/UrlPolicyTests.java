package com.headshotpro.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTests {

    /** A resolver with a fixed view of DNS, so the tests never touch the network. */
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "internal.example.com", "10.1.2.3",
            "rebind.example.com", "169.254.169.254",
            "v6.example.com", "2606:2800:220:1:248:1893:25c8:1946",
            "mapped.example.com", "::ffff:127.0.0.1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private final UrlPolicy policy = new UrlPolicy(false, false, UrlPolicyTests::resolve);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.example.com/webhooks",
                "https://hooks.example.com:8443/a?b=c#d",
                "https://HOOKS.example.com./x",
                "https://v6.example.com/",
                "https://not-yet-registered.example.org/hook",
                "https://93.184.216.34/hook",
                "https://8.8.8.8",
                "https://[2606:4700:4700::1111]/hook",
                "https://hooks.zapier.com/hooks/standard/1/abc",
            })
    void acceptsPublicHttpsUrls(String url) {
        assertThat(policy.check(url)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // scheme, form, user info
                "http://hooks.example.com/",
                "ftp://hooks.example.com/",
                "hooks.example.com/path",
                "https:///path",
                "https://user:pass@hooks.example.com/",
                "https://hooks.example.com@127.0.0.1/",
                "not a url",
                "https://hooks.example.com:0/",
                "https://hooks.example.com:99999/",
                "https://exa_mple.com/",
                // localhost by name
                "https://localhost/",
                "https://LOCALHOST:8080/",
                "https://api.localhost/",
                // single-label names, which the local search domains complete
                "https://postgres/",
                "https://postgres:5432/",
                "https://metadata/computeMetadata/v1/",
                // loopback in every form a resolver accepts
                "https://127.0.0.1/",
                "https://127.1/",
                "https://127.0.1/",
                "https://2130706433/",
                "https://0x7f.0.0.1/",
                "https://0x7f000001/",
                "https://0177.0.0.1/",
                "https://017700000001/",
                "https://127.0.0.1./",
                "https://[::1]/",
                "https://[::ffff:127.0.0.1]/",
                "https://[::ffff:7f00:1]/",
                "https://[0:0:0:0:0:ffff:127.0.0.1]/",
                // private, CGNAT, link-local and cloud metadata, this network
                "https://10.0.0.1/",
                "https://172.16.0.1/",
                "https://172.31.255.255/",
                "https://192.168.1.1/",
                "https://100.64.0.1/",
                "https://100.127.255.254/",
                "https://169.254.169.254/latest/meta-data",
                "https://0.0.0.0/",
                "https://0/",
                "https://0.1.2.3/",
                // multicast, broadcast, reserved, documentation, benchmarking, protocol assignments
                "https://224.0.0.1/",
                "https://239.255.255.250/",
                "https://255.255.255.255/",
                "https://240.0.0.1/",
                "https://192.0.2.1/",
                "https://198.51.100.1/",
                "https://203.0.113.1/",
                "https://198.18.0.1/",
                "https://192.0.0.1/",
                // IPv6 equivalents
                "https://[fc00::1]/",
                "https://[fd12:3456::1]/",
                "https://[fe80::1]/",
                "https://[ff02::1]/",
                "https://[::]/",
                "https://[2001:db8::1]/",
                "https://[::ffff:10.0.0.1]/",
                "https://[::ffff:169.254.169.254]/",
                "https://[64:ff9b::a00:1]/",
                "https://[2002:7f00:1::]/",
                "https://[2001::1]/",
                // malformed numeric hosts
                "https://1.2.3.4.5/",
                "https://256.1.1.1/",
                "https://1.2.3.256/",
                "https://09.1.1.1/",
                "https://example.0x7f/",
                // names that resolve to internal addresses
                "https://internal.example.com/",
                "https://rebind.example.com/",
                "https://mapped.example.com/",
            })
    void refusesEverythingElse(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(UrlPolicy.RejectedUrlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/x", "https://internal.example.com/x"})
    void skipsTheLookupWhenAskedTo(String url) {
        assertThat(policy.check(url, false)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/", "https://localhost/", "https://[::1]/"})
    void skippingTheLookupStillRefusesInternalLiteralsAndLocalhost(String url) {
        assertThatThrownBy(() -> policy.check(url, false)).isInstanceOf(UrlPolicy.RejectedUrlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/hook", "http://127.0.0.1:9000/", "https://10.0.0.5/"})
    void theLocalWorkSettingsOpenHttpAndPrivateTargets(String url) {
        UrlPolicy local = new UrlPolicy(true, true, UrlPolicyTests::resolve);
        assertThat(local.check(url)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.com/", "https://user@hooks.example.com/"})
    void theLocalWorkSettingsKeepTheRestOfThePolicy(String url) {
        UrlPolicy local = new UrlPolicy(true, true, UrlPolicyTests::resolve);
        assertThatThrownBy(() -> local.check(url)).isInstanceOf(UrlPolicy.RejectedUrlException.class);
    }

    @org.junit.jupiter.api.Test
    void refusesUrlsOverTheLengthLimit() {
        String url = "https://hooks.example.com/" + "a".repeat(UrlPolicy.MAX_LENGTH);
        assertThatThrownBy(() -> policy.check(url)).hasMessageContaining("2048");
    }

    @org.junit.jupiter.api.Test
    void judgesAddressesForTheDispatcher() throws UnknownHostException {
        assertThat(policy.allowsAddress(InetAddress.getByName("93.184.216.34"))).isTrue();
        assertThat(policy.allowsAddress(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(policy.allowsAddress(InetAddress.getByName("::1"))).isFalse();
        assertThat(policy.allowsAddress(InetAddress.getByName("2606:4700:4700::1111")))
                .isTrue();
    }
}
