package com.headshotpro.webhooks.settings;

import static com.headshotpro.webhooks.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Tokens;
import com.jayway.jsonpath.JsonPath;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The bad-URL list of the contract, through the API, under the production defaults of the URL policy;
 * host names are resolved by a resolver of the test's, which notes whether a transaction was open.
 */
@IntegrationTest
@Import(DefaultUrlPolicyIntegrationTests.Names.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
        properties = {
            "hooks.delivery.allow-http-targets=false",
            "hooks.delivery.allow-private-targets=false",
            "hooks.zapier.target-hosts=hooks.test"
        })
class DefaultUrlPolicyIntegrationTests {

    /** Two made-up names, one public, one internal; every resolution remembers whether a transaction was open. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Names {

        static final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

        @Bean
        UrlPolicy.Resolver resolver() {
            return host -> {
                inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
                return switch (host) {
                    case "public.hooks.test" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
                    case "internal.hooks.test" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
                    default -> throw new UnknownHostException(host);
                };
            };
        }
    }

    @Autowired
    MockMvc mvc;

    String org;

    @BeforeAll
    void organizationWithAWebhook() throws Exception {
        org = Api.organization(mvc, true);
        save("https://hooks.example.com/kept").andExpect(status().isOk());
    }

    private org.springframework.test.web.servlet.ResultActions save(String url) throws Exception {
        return mvc.perform(put("/api/v1/settings/webhook")
                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org)))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"" + url + "\"}"));
    }

    @Test
    void namesAreResolvedBeforeAnyTransactionOpensAndInternalOnesRefused() throws Exception {
        Names.inTransaction.clear();
        save("https://internal.hooks.test/hook")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        save("https://public.hooks.test/hook").andExpect(status().isOk());
        String key = JsonPath.read(
                mvc.perform(post("/api/v1/settings/api-key")
                                .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org))))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
        mvc.perform(post("/zapier/v1/hooks")
                        .header("X-API-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"targetUrl\":\"https://internal.hooks.test/z\",\"event\":\"model.created\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("targetUrl"));
        mvc.perform(post("/zapier/v1/hooks")
                        .header("X-API-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"targetUrl\":\"https://public.hooks.test/z\",\"event\":\"model.created\"}"))
                .andExpect(status().isCreated());
        assertThat(Names.inTransaction).hasSize(4).containsOnly(false);
        save("https://hooks.example.com/kept").andExpect(status().isOk());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://hooks.example.com/",
                "https://localhost/",
                "https://LOCALHOST./",
                "https://app.localhost/",
                "https://postgres/",
                "https://127.0.0.1/",
                "https://127.1/",
                "https://2130706433/",
                "https://0x7f.0.0.1/",
                "https://0177.0.0.1/",
                "https://[::ffff:127.0.0.1]/",
                "https://[::1]/",
                "https://10.0.0.1/",
                "https://172.16.0.1/",
                "https://192.168.0.1/",
                "https://169.254.169.254/latest/meta-data/",
                "https://100.64.0.1/",
                "https://0.0.0.0/",
                "https://224.0.0.1/",
                "https://255.255.255.255/",
                "https://240.0.0.1/",
                "https://192.0.2.1/",
                "https://198.51.100.7/",
                "https://203.0.113.9/",
                "https://[fc00::1]/",
                "https://[fe80::1]/",
                "https://[ff02::1]/",
                "https://[2001:db8::1]/",
                "https://[::ffff:169.254.169.254]/",
                "https://user:pw@hooks.example.com/",
                "ftp://hooks.example.com/",
                "/relative",
            })
    void refusesTheBadListWith400AndKeepsTheSavedUrl(String url) throws Exception {
        save(url)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        mvc.perform(get("/api/v1/settings").header(HttpHeaders.AUTHORIZATION, bearer(Tokens.teamLead(org))))
                .andExpect(jsonPath("$.webhook.url").value("https://hooks.example.com/kept"));
    }
}
