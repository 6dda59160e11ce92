package com.headshotpro.webhooks.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.model.ModelEventType;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.web.WebProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.web.servlet.MockMvc;

/** The page as the server delivers it: from the jar, under a strict Content-Security-Policy. */
@IntegrationTest
class SettingsPageIntegrationTests {

    static final List<String> ASSETS =
            List.of("settings.js", "api.js", "dom.js", "deliveries.js", "endpoints.js", "zapier.js", "settings.css");

    @Autowired
    MockMvc mvc;

    @Test
    void thePageAndItsAssetsComeFromTheJarWithAStrictPolicy() throws Exception {
        mvc.perform(get("/settings/api"))
                .andExpect(status().isOk())
                .andExpect(
                        header().string(
                                        "Content-Security-Policy",
                                        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                                + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"))
                .andExpect(header().doesNotExist("X-Frame-Options"))
                .andExpect(header().string("Referrer-Policy", "no-referrer"))
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")));
        mvc.perform(get("/settings/api.html")).andExpect(status().isOk());
        mvc.perform(get("/settings/assets/settings.js"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/javascript"));
        mvc.perform(get("/settings/assets/endpoints.js"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/javascript"));
        mvc.perform(get("/settings/assets/settings.css"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/css"));
    }

    @Test
    void theApiKeepsItsOwnHeadersAndStillNeedsAToken() throws Exception {
        mvc.perform(get("/api/v1/settings")).andExpect(status().isUnauthorized());
    }

    @Test
    void theMarkupHasNoInlineScriptOrStyleAndTheScriptsWriteNoMarkup() throws IOException {
        String html = read("static/settings/api.html");
        assertThat(html)
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContainPattern("\\sstyle=")
                .doesNotContain(" on");
        for (String asset : ASSETS) {
            String source = read("static/settings/assets/" + asset);
            assertThat(source)
                    .as(asset)
                    .doesNotContain(
                            "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function")
                    .doesNotContain("localStorage", "sessionStorage", "document.cookie", "console.");
        }
    }

    @Test
    void theEndpointsSectionOffersEveryEventTypeTheApiAccepts() throws IOException {
        String source = read("static/settings/assets/endpoints.js");
        Matcher list =
                Pattern.compile("export const EVENT_TYPES = \\[([^\\]]*)\\];").matcher(source);
        assertThat(list.find()).as("endpoints.js lists its event types").isTrue();
        List<String> offered = Pattern.compile("'([^']+)'")
                .matcher(list.group(1))
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(offered).isEqualTo(ModelEventType.wireNames());
        assertThat(read("static/settings/assets/settings.js"))
                .as("the section is on the page")
                .contains("import { endpointsSection } from './endpoints.js';")
                .contains("endpointsSection({");
    }

    @Test
    void whoMayFrameThePageIsASetting() {
        assertThat(bind(Map.of("frame-ancestors", "'self' https://app.headshotpro.com"))
                        .contentSecurityPolicy())
                .endsWith("; frame-ancestors 'self' https://app.headshotpro.com");
        assertThat(bind(Map.of()).frameAncestors()).isEqualTo("'self'");
    }

    private static WebProperties bind(Map<String, String> values) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        values.forEach((key, value) -> source.put("hooks.web." + key, value));
        return new Binder(source).bindOrCreate("hooks.web", WebProperties.class);
    }

    private static String read(String path) throws IOException {
        return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
    }
}
