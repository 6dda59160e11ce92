package com.headshotpro.webhooks.page;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.headshotpro.webhooks.support.Browser;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.ServiceClient;
import com.headshotpro.webhooks.support.SettableClock;
import com.headshotpro.webhooks.support.Tokens;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Admin > API Settings in a real browser (headless Chromium through Selenium) against the running
 * service on real Postgres, with a WireMock receiver: a TeamLead does every step of SPEC section 13 from
 * the page alone, finding each control by its visible name.
 */
@IntegrationTest
class SettingsPageBrowserIntegrationTests {

    static final Receiver receiver = new Receiver();

    /** One browser for the class (starting Chromium costs more than most tests); forgotten after each test. */
    static Browser shared;

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    @Autowired
    JdbcClient jdbc;

    Browser browser;
    ServiceClient api;
    String org;
    String path;

    @BeforeAll
    static void startBrowser() {
        shared = new Browser();
    }

    @AfterAll
    static void stopBrowserAndReceiver() {
        if (shared != null) {
            shared.close();
        }
        receiver.close();
    }

    @BeforeEach
    void organizationAndBrowser() {
        api = new ServiceClient(base());
        org = "page-" + UUID.randomUUID().toString().substring(0, 8);
        api.organization(org);
        path = "/page/" + org;
        receiver.answerOk(path);
        clock.catchUp();
        browser = shared;
        browser.resize(1280, 1000);
    }

    @AfterEach
    void forgetTheTest() {
        browser.forget(base());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Opens the page afresh (a change of fragment alone would not load it again). */
    private void openAs(String token) {
        browser.open("about:blank");
        browser.open(base() + "/settings/api#token=" + token);
    }

    private void openAsTeamLead() {
        openAs(Tokens.teamLead(org));
        browser.heading("Webhook Settings");
    }

    private String shownOnce() {
        return browser.until(d -> {
            List<WebElement> shown = d.findElements(By.id("shown-once-value"));
            return shown.isEmpty() ? null : shown.getFirst().getText();
        });
    }

    private List<LoggedRequest> awaitReceived(int count) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received(path), r -> r.size() >= count);
    }

    private LoggedRequest lastReceived() {
        return receiver.received(path).stream()
                .max(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .orElseThrow();
    }

    @Test
    void aTeamLeadDoesEverythingFromThePage() throws Exception {
        openAsTeamLead();
        browser.heading("API Settings");
        assertThat(browser.driver().getCurrentUrl())
                .as("the token left the address bar")
                .doesNotContain("token");

        // Save the webhook URL: the secret is shown once, under Webhook Secret, with Copy.
        browser.field("Webhook URL").sendKeys(receiver.url(path));
        browser.button("Save").click();
        String secret = shownOnce();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(browser.text()).contains("Shown only once").contains("A secret exists, created");
        browser.allowClipboard();
        browser.button("Copy").click();
        browser.awaitText("Copied to the clipboard.");
        String clipboard = browser.asyncScript("navigator.clipboard.readText().then(arguments[0])");
        assertThat(clipboard).isEqualTo(secret);
        browser.button("Done").click();
        assertThat(browser.driver().getPageSource())
                .as("no secret left in the page")
                .doesNotContain(secret);

        // Send test event: it arrives signed with the secret the page showed.
        browser.button("Send test event").click();
        browser.awaitText("is on its way");
        LoggedRequest test = awaitReceived(1).getFirst();
        assertThat(test.getHeader("X-HeadshotPro-Event")).isEqualTo("webhook.test");
        assertThat(Receiver.signatureValid(test, secret)).isTrue();

        // Regenerate Secret asks first; the new secret signs from then on and the old one no longer does.
        browser.button("Refresh").click();
        browser.until(d -> !d.findElements(By.cssSelector("tr[data-delivery]")).isEmpty());
        browser.button("Regenerate Secret").click();
        browser.dialogButton("Cancel").click();
        assertThat(browser.driver().findElements(By.id("shown-once-value"))).isEmpty();
        browser.button("Regenerate Secret").click();
        assertThat(browser.text()).contains("The current secret stops working at once");
        browser.dialogButton("Regenerate Secret").click();
        String rotated = shownOnce();
        assertThat(rotated).matches("[0-9a-f]{64}").isNotEqualTo(secret);
        Files.write(Path.of("target", "settings-page.png"), browser.screenshot()); // the README's picture
        browser.button("Send test event").click();
        assertThat(browser.driver().getPageSource())
                .as("moving on removes the secret shown")
                .doesNotContain(rotated);
        awaitReceived(2);
        assertThat(Receiver.signatureValid(lastReceived(), rotated)).isTrue();
        assertThat(Receiver.signatureValid(lastReceived(), secret)).isFalse();

        // The delivery log: the test events, a delivery's attempts, Redeliver.
        browser.button("Refresh").click();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-delivery]")).size() >= 2);
        assertThat(browser.text()).contains("webhook.test").contains("Succeeded");
        browser.buttons("Attempts").getFirst().click();
        browser.awaitText("Attempt 1");
        assertThat(browser.text()).contains("HTTP 200");
        browser.button("Redeliver").click();
        browser.awaitText("One new attempt is on its way.");
        awaitReceived(3);

        // The API key: created, shown once with Copy, then regenerated after a confirmation.
        browser.button("Create API key").click();
        String key = shownOnce();
        assertThat(key).startsWith("hsp_");
        assertThat(browser.buttons("Copy")).hasSize(1);
        assertThat(api.zapier(key, "GET", "/zapier/v1/me", null).status()).isEqualTo(200);
        browser.button("Regenerate API key").click();
        browser.dialogButton("Regenerate API key").click();
        String newKey = shownOnce();
        assertThat(newKey).isNotEqualTo(key);
        assertThat(api.zapier(key, "GET", "/zapier/v1/me", null).status()).isEqualTo(401);

        // Zapier: Connect goes to the integration.
        assertThat(browser.link("Connect").getDomAttribute("href"))
                .isEqualTo("https://zapier.com/apps/headshotpro/integrations");

        // Remove webhook, after a confirmation.
        browser.button("Remove webhook").click();
        browser.dialogButton("Remove webhook").click();
        browser.awaitText("The webhook was removed.");
        assertThat(browser.field("Webhook URL").getDomProperty("value")).isEmpty();
        assertThat(browser.text()).contains("No secret yet");
        assertThat(api.teamLead(org, "GET", "/api/v1/settings", null).body()).contains("\"url\":null");
    }

    /** The one endpoint listed in the Endpoints section, once it is there. */
    private WebElement listedEndpoint() {
        return browser.until(d -> {
            List<WebElement> listed = d.findElements(By.cssSelector("#endpoints li[data-endpoint]"));
            return listed.size() == 1 ? listed.getFirst() : null;
        });
    }

    private static WebElement buttonIn(WebElement element, String name) {
        return element.findElement(By.xpath(".//button[normalize-space()='" + name + "']"));
    }

    @Test
    void anEndpointIsAddedWithTwoEventTypesItsSecretCopiedAndItIsRemoved() throws Exception {
        openAsTeamLead();
        browser.heading("Endpoints");
        browser.awaitText("No endpoints yet.");

        // Add endpoint: URL, description, two event types, a pace; the secret is shown once under it.
        String endpointPath = path + "/endpoint";
        receiver.answerOk(endpointPath);
        String url = receiver.url(endpointPath);
        browser.field("Endpoint URL").sendKeys(url);
        browser.field("Description").sendKeys("Slack bot");
        browser.field("model.photos_ready").click();
        browser.field("model.deleted").click();
        browser.field("Max per second").sendKeys("5");
        browser.button("Add endpoint").click();
        String secret = shownOnce();
        assertThat(secret).matches("[0-9a-f]{64}");
        browser.awaitText("Added. HeadshotPro now sends model.photos_ready, model.deleted to");

        WebElement endpoint = listedEndpoint();
        assertThat(endpoint.findElements(By.id("shown-once-value")))
                .as("under its endpoint")
                .hasSize(1);
        assertThat(endpoint.findElements(By.cssSelector(".chip")))
                .extracting(WebElement::getText)
                .containsExactly("model.photos_ready", "model.deleted");
        assertThat(endpoint.getText())
                .contains(url)
                .contains("Slack bot")
                .contains("5/s")
                .contains("Enabled")
                .doesNotContain("All events");
        assertThat(browser.field("Endpoint URL").getDomProperty("value"))
                .as("the form is empty again")
                .isEmpty();
        assertThat(browser.field("model.photos_ready").isSelected()).isFalse();
        String id = endpoint.getDomAttribute("data-endpoint");
        ServiceClient.Answer stored =
                ServiceClient.expect(api.teamLead(org, "GET", "/api/v1/endpoints/" + id, null), 200);
        assertThat(stored.<List<String>>read("$.eventTypes")).containsExactly("model.photos_ready", "model.deleted");
        assertThat(stored.<Integer>read("$.maxPerSecond")).isEqualTo(5);
        assertThat(stored.<String>read("$.description")).isEqualTo("Slack bot");
        assertThat(stored.body()).doesNotContain(secret);

        // Copy, as for the webhook's secret; the secret copied signs what the endpoint receives.
        browser.allowClipboard();
        browser.button("Copy").click();
        browser.awaitText("Copied to the clipboard.");
        String clipboard = browser.asyncScript("navigator.clipboard.readText().then(arguments[0])");
        assertThat(clipboard).isEqualTo(secret);
        browser.button("Done").click();
        assertThat(browser.driver().getPageSource())
                .as("no secret left in the page")
                .doesNotContain(secret);
        buttonIn(listedEndpoint(), "Send test event").click();
        browser.awaitText("is on its way to");
        LoggedRequest test = await().atMost(Duration.ofSeconds(15))
                .until(() -> receiver.received(endpointPath), r -> !r.isEmpty())
                .getFirst();
        assertThat(test.getHeader("X-HeadshotPro-Event")).isEqualTo("webhook.test");
        assertThat(Receiver.signatureValid(test, clipboard)).isTrue();

        // Remove asks first; Cancel keeps it, confirming removes it.
        WebElement remove = buttonIn(listedEndpoint(), "Remove");
        assertThat(remove.getDomAttribute("aria-label"))
                .startsWith("Remove")
                .contains(java.net.URI.create(url).getAuthority());
        remove.click();
        browser.dialogButton("Cancel").click();
        assertThat(listedEndpoint().getText()).contains(url);
        buttonIn(listedEndpoint(), "Remove").sendKeys(Keys.ENTER);
        assertThat(browser.text()).contains("deliveries still waiting for it are cancelled");
        browser.dialogButton("Remove endpoint").click();
        browser.awaitText("was removed.");
        browser.awaitText("No endpoints yet.");
        assertThat(browser.driver().findElements(By.cssSelector("#endpoints li[data-endpoint]")))
                .isEmpty();
        assertThat(browser.driver().switchTo().activeElement().getText())
                .as("the focus moved to the list's heading")
                .isEqualTo("Your endpoints");
        assertThat(api.teamLead(org, "GET", "/api/v1/endpoints/" + id, null).status())
                .isEqualTo(404);
        assertThat(api.teamLead(org, "GET", "/api/v1/endpoints", null).body()).doesNotContain(id);
        assertThat(jdbc.sql("SELECT deleted_at IS NOT NULL FROM endpoint WHERE id = ?::uuid")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .as("the row is marked removed")
                .isTrue();
    }

    @Test
    void anEndpointIsDisabledEnabledAndGivenANewSecretFromThePage() {
        String url = receiver.url(path + "/every");
        String id = ServiceClient.expect(
                        api.teamLead(org, "POST", "/api/v1/endpoints", "{\"url\":\"" + url + "\"}"), 201)
                .read("$.id");
        openAsTeamLead();
        WebElement endpoint = listedEndpoint();
        assertThat(endpoint.findElements(By.cssSelector(".chip")))
                .extracting(WebElement::getText)
                .containsExactly("All events");
        assertThat(endpoint.getText()).contains("No limit").contains("Enabled");

        // Disable asks first, then says why it is disabled; Enable does not ask.
        buttonIn(endpoint, "Disable").click();
        assertThat(browser.text()).contains("HeadshotPro stops sending events to");
        browser.dialogButton("Disable").click();
        browser.awaitText("is disabled.");
        assertThat(listedEndpoint().getText()).contains("Disabled since").contains("Disabled by the organization.");
        assertThat(buttonIn(listedEndpoint(), "Send test event").isEnabled()).isFalse();
        assertThat(browser.driver().switchTo().activeElement().getText())
                .as("the focus stays on the toggle")
                .isEqualTo("Enable");
        assertThat(api.teamLead(org, "GET", "/api/v1/endpoints/" + id, null).body())
                .contains("\"enabled\":false");
        buttonIn(listedEndpoint(), "Enable").click();
        browser.awaitText("is enabled: new events are sent to it again.");
        assertThat(listedEndpoint().getText()).contains("Enabled").doesNotContain("Disabled since");
        assertThat(api.teamLead(org, "GET", "/api/v1/endpoints/" + id, null).body())
                .contains("\"enabled\":true");

        // Regenerate secret asks first, then shows the new secret once under the endpoint.
        buttonIn(listedEndpoint(), "Regenerate secret").click();
        browser.dialogButton("Cancel").click();
        assertThat(browser.driver().findElements(By.id("shown-once-value"))).isEmpty();
        buttonIn(listedEndpoint(), "Regenerate secret").click();
        assertThat(browser.text()).contains("stops working at once");
        browser.dialogButton("Regenerate secret").click();
        String secret = shownOnce();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(listedEndpoint().findElements(By.id("shown-once-value"))).hasSize(1);
        browser.awaitText("The old one no longer works.");
    }

    @Test
    void aRefusedEndpointIsExplainedBesideItsFieldsAndNothingIsAdded() {
        openAsTeamLead();
        WebElement url = browser.field("Endpoint URL");
        url.sendKeys("ftp://files.example.com/hooks");
        browser.field("Max per second").sendKeys("5000");
        browser.button("Add endpoint").click();
        browser.awaitText("Max per second must be less than or equal to 1000.");
        WebElement pace = browser.field("Max per second");
        assertThat(pace.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(pace.getDomAttribute("aria-describedby")).contains("endpoint-max-per-second-error");

        pace.clear();
        url.sendKeys(Keys.ENTER); // from the keyboard
        browser.awaitText("This URL must be an http or https URL.");
        assertThat(url.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(pace.getDomAttribute("aria-invalid")).isNull();
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id"))
                .isEqualTo("endpoint-url");
        assertThat(jdbc.sql("SELECT count(*) FROM endpoint WHERE organization_id = ? AND kind = 'ENDPOINT'")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aZapierSubscriptionShowsInTheZapierCardAndRemoveEndsIt() {
        String key = api.apiKey(org);
        String target = receiver.url("/page-zap/" + org);
        String id = ServiceClient.expect(api.subscribe(key, target, "model.photos_ready"), 201)
                .read("$.id");
        openAsTeamLead();
        browser.heading("Subscriptions");
        WebElement card = browser.driver().findElement(By.id("zapier"));
        browser.until(d -> card.getText().contains("model.photos_ready"));
        assertThat(card.getText()).contains(java.net.URI.create(target).getAuthority());
        WebElement remove = browser.button("Remove");
        assertThat(remove.getDomAttribute("aria-label")).startsWith("Remove").contains("model.photos_ready");

        // Remove asks first; Cancel keeps the subscription.
        remove.click();
        browser.dialogButton("Cancel").click();
        assertThat(card.getText()).contains("model.photos_ready");

        // From the keyboard: Enter on Remove, then confirm.
        browser.button("Remove").sendKeys(Keys.ENTER);
        assertThat(browser.text()).contains("deliveries still waiting for it are cancelled");
        browser.dialogButton("Remove subscription").click();
        browser.awaitText("The model.photos_ready subscription to");
        browser.awaitText("No Zapier subscriptions.");
        assertThat(browser.buttons("Remove")).isEmpty();
        assertThat(api.teamLead(org, "GET", "/api/v1/zapier/subscriptions", null)
                        .body())
                .isEqualTo("{\"items\":[]}");
        assertThat(api.zapier(key, "DELETE", "/zapier/v1/hooks/" + id, null).status())
                .as("the subscription is gone for Zapier too")
                .isEqualTo(404);
    }

    @Test
    void theDeliveryLogFiltersByStatusAndLoadsMoreOnDemand() {
        api.webhook(org, receiver.url(path));
        String failing = "/page-failing/" + org;
        receiver.answer(failing, aResponse().withStatus(500));
        for (int n = 0; n < 23; n++) {
            ServiceClient.expect(api.createModel(org, org + "-m" + n), 201);
        }
        awaitReceived(23);
        api.webhook(org, receiver.url(failing));
        ServiceClient.expect(api.createModel(org, org + "-failing"), 201);
        // Each look moves the service's clock past the test ladder's longest rung (3 s): no delay is waited out.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    clock.advance(Duration.ofSeconds(3));
                    return api.teamLead(org, "GET", "/api/v1/webhooks/deliveries?status=failed", null)
                            .body()
                            .contains("model.created");
                });

        openAsTeamLead();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-delivery]")).size() == 20);
        browser.button("Load more").click();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-delivery]")).size() == 24);
        assertThat(browser.buttons("Load more"))
                .allSatisfy(b -> assertThat(b.isDisplayed()).isFalse());

        new org.openqa.selenium.support.ui.Select(browser.field("Status")).selectByVisibleText("Failed");
        browser.until(d -> d.findElements(By.cssSelector("tr[data-delivery]")).size() == 1);
        assertThat(browser.text()).contains("Failed");
        browser.button("Attempts").click();
        browser.awaitText("HTTP 500");
    }

    @Test
    void aRefusedUrlIsShownInWordsBesideTheField() {
        openAsTeamLead();
        WebElement url = browser.field("Webhook URL");
        url.sendKeys("ftp://files.example.com/hooks");
        url.sendKeys(Keys.ENTER); // from the keyboard
        browser.awaitText("This URL must be an http or https URL.");
        WebElement error = browser.driver().findElement(By.id("webhook-url-error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(url.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(url.getDomAttribute("aria-describedby")).contains("webhook-url-error");
        assertThat(api.teamLead(org, "GET", "/api/v1/settings", null).body()).contains("\"url\":null");
    }

    @Test
    void someoneWhoIsNotATeamLeadIsToldWhoMay() {
        openAs(Tokens.user(org, "Member"));
        browser.awaitText("Only users with the TeamLead role can view or change these settings.");
        assertThat(browser.driver().findElements(By.id("webhook-url"))).isEmpty();
    }

    @Test
    void anOrganizationWithoutTheApiFeatureGetsNoForm() {
        String off = "page-off-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceClient.expect(
                api.internal("PUT", "/internal/v1/organizations/" + off, "{\"name\":\"Off\",\"apiEnabled\":false}"),
                200);
        openAs(Tokens.teamLead(off));
        browser.awaitText(
                "Webhook settings require your organization to have the API feature enabled. Contact support.");
        assertThat(browser.driver().findElements(By.tagName("form"))).isEmpty();
    }

    @Test
    void aMissingOrExpiredTokenIsSaid() {
        browser.open(base() + "/settings/api");
        browser.awaitText("No sign-in was passed to this page.");
        String expired = Tokens.sign(
                Tokens.TEST_KEY,
                new JWTClaimsSet.Builder()
                        .subject("user")
                        .claim("org", org)
                        .claim("roles", List.of("TeamLead"))
                        .expirationTime(Date.from(Instant.now().minusSeconds(60)))
                        .build());
        openAs(expired);
        browser.awaitText("Your session has expired.");
        assertThat(browser.driver().findElements(By.id("webhook-url"))).isEmpty();
    }

    @Test
    void thePageWorks375PixelsWide() {
        api.webhook(org, receiver.url(path));
        ServiceClient.expect(
                api.subscribe(
                        api.apiKey(org),
                        receiver.url("/page-zap/" + org + "/a-rather-long-path-" + "x".repeat(120)),
                        "model.favorite_selected"),
                201);
        ServiceClient.expect(
                api.teamLead(
                        org,
                        "POST",
                        "/api/v1/endpoints",
                        "{\"url\":\"" + receiver.url("/page-narrow/" + org + "/" + "y".repeat(120))
                                + "\",\"description\":\"" + "A long description ".repeat(8)
                                + "\",\"eventTypes\":[\"model.favorite_selected\",\"model.status.updated\"],"
                                + "\"maxPerSecond\":1000}"),
                201);
        ServiceClient.expect(api.createModel(org, org + "-narrow"), 201);
        awaitReceived(1);
        browser.resize(375, 812);
        openAsTeamLead();
        browser.until(d -> !d.findElements(By.cssSelector("tr[data-delivery]")).isEmpty());
        browser.until(
                d -> !d.findElements(By.cssSelector("li[data-subscription]")).isEmpty());
        browser.until(d -> !d.findElements(By.cssSelector("li[data-endpoint]")).isEmpty());
        Number overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.doubleValue()).as("no horizontal scrolling").isLessThanOrEqualTo(0);
        for (String name : List.of(
                "Save",
                "Regenerate Secret",
                "Send test event",
                "Remove webhook",
                "Regenerate secret",
                "Disable",
                "Add endpoint",
                "Regenerate API key",
                "Remove")) {
            WebElement button = browser.button(name);
            Number right = browser.script("return arguments[0].getBoundingClientRect().right", button);
            assertThat(right.doubleValue()).as(name + " fits").isLessThanOrEqualTo(375);
        }
    }

    @Test
    void theTokenNeverReachesAUrlStorageOrCookie() {
        api.webhook(org, receiver.url(path));
        String token = Tokens.teamLead(org);
        openAs(token);
        browser.heading("Webhook Settings");
        browser.button("Send test event").click();
        browser.awaitText("is on its way");
        browser.button("Refresh").click();
        browser.until(d -> !d.findElements(By.cssSelector("tr[data-delivery]")).isEmpty());

        // Every request the page made (scripts, styles, API calls); the page's own URL carried the token
        // only in its fragment, which browsers never send.
        List<String> requested = browser.script("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(requested).isNotEmpty().allSatisfy(url -> assertThat(url).doesNotContain(token));
        assertThat(requested).anySatisfy(url -> assertThat(url).contains("/api/v1/settings"));
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(token);
        Number stored = browser.script("return localStorage.length + sessionStorage.length");
        assertThat(stored.intValue()).isZero();
        String cookies = browser.script("return document.cookie");
        assertThat(cookies).isEmpty();
        List<String> history = browser.script("return [location.href, document.referrer]");
        assertThat(history).allSatisfy(entry -> assertThat(entry).doesNotContain(token));
    }
}
