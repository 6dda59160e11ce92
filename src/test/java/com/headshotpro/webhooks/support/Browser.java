package com.headshotpro.webhooks.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through Selenium, finding controls the way a person does: by their visible
 * names (button texts, link texts, field labels). Debian's {@code chromium} and {@code chromedriver}
 * are used where they are installed ({@code .ci/run} installs them); elsewhere Selenium finds a Chrome.
 */
public final class Browser implements AutoCloseable {

    static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DEBIAN_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    public Browser() {
        ChromeOptions options = new ChromeOptions();
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--window-size=1280,1000");
        if (Files.isExecutable(DEBIAN_CHROMIUM)) {
            options.setBinary(DEBIAN_CHROMIUM.toString());
        }
        ChromeDriverService.Builder service = new ChromeDriverService.Builder();
        if (Files.isExecutable(DEBIAN_CHROMEDRIVER)) {
            service.usingDriverExecutable(DEBIAN_CHROMEDRIVER.toFile());
        }
        this.driver = new ChromeDriver(service.build(), options);
        // Polled every 50 ms (Selenium's default is 500 ms, which each step that waits would pay).
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The button whose visible text is {@code name}, once it is shown and enabled. */
    public WebElement button(String name) {
        return wait.until(
                ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()=" + literal(name) + "]")));
    }

    /** The button named {@code name} inside the open dialog. */
    public WebElement dialogButton(String name) {
        return wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//dialog[@open]//button[normalize-space()=" + literal(name) + "]")));
    }

    public List<WebElement> buttons(String name) {
        return driver.findElements(By.xpath("//button[normalize-space()=" + literal(name) + "]"));
    }

    public WebElement link(String name) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText(name)));
    }

    /** The form field labelled {@code label}. */
    public WebElement field(String label) {
        WebElement element = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//label[normalize-space()=" + literal(label) + "]")));
        return driver.findElement(By.id(element.getDomAttribute("for")));
    }

    public WebElement heading(String text) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[self::h1 or self::h2 or self::h3][normalize-space()=" + literal(text) + "]")));
    }

    /** Waits until the page's visible text contains {@code text}. */
    public void awaitText(String text) {
        wait.until(d -> text(d.findElement(By.tagName("body"))).contains(text));
    }

    public String text() {
        return text(driver.findElement(By.tagName("body")));
    }

    private static String text(WebElement element) {
        return element.getText().replaceAll("\\s+", " ");
    }

    public <T> T until(java.util.function.Function<ChromeDriver, T> condition) {
        return wait.until(d -> condition.apply(driver));
    }

    @SuppressWarnings("unchecked")
    public <T> T script(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    @SuppressWarnings("unchecked")
    public <T> T asyncScript(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }

    /** Lets the page use the clipboard as a person's browser would after a click. */
    public void allowClipboard() {
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /**
     * Forgets what a test left: the page (about:blank), cookies, and the storage of {@code origin}, so
     * that tests can share one browser.
     */
    public void forget(String origin) {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
    }

    public byte[] screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }

    private static String literal(String text) {
        return text.contains("'") ? "concat('" + text.replace("'", "', \"'\", '") + "')" : "'" + text + "'";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
