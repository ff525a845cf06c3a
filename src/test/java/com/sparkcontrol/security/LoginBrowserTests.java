package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sign-in in a real browser (Debian's headless Chromium, as the dashboard's own tests use) against the protected
 * server: the dashboard says it is read-only, its sign-in dialog (and the stand-alone {@code login.html}) refuses a
 * wrong password and accepts the right one, the signed-in dashboard's own API module then passes the CSRF check, and
 * signing out makes it read-only again.
 */
class LoginBrowserTests extends SecuredClusterTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("Debian's chromium and chromium-driver are needed (.ci/run installs them)");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString()); // never let Selenium Manager download one
        profile = Files.createTempDirectory("login-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theAdminSignsInFromTheDashboardActsAndSignsOut() {
        browser.manage().deleteAllCookies();
        browser.get(baseUrl() + "/");
        visible("#login-banner");
        assertThat(browser.findElement(By.tagName("body")).getAttribute("class")).contains("read-only");
        screenshot("login-1-dashboard-read-only");

        visible("#auth-signin").click();
        visible("#signin-form input[type=password]").sendKeys("not-the-password");
        browser.findElement(By.cssSelector("button[form=signin-form]")).click();
        waitUntil(d -> d.findElement(By.cssSelector("#signin-form .problem")).getText().contains("not the admin password"));
        screenshot("login-2-wrong-password");

        WebElement password = browser.findElement(By.cssSelector("#signin-form input[type=password]"));
        password.clear();
        password.sendKeys(ADMIN_PASSWORD);
        browser.findElement(By.cssSelector("button[form=signin-form]")).click();
        visible("#auth-signout");
        waitUntil(d -> !d.findElement(By.tagName("body")).getAttribute("class").contains("read-only"));
        assertThat(browser.findElement(By.id("login-banner")).isDisplayed()).isFalse();
        screenshot("login-3-signed-in");

        assertThat(deleteThroughTheDashboardsApiModule()).as("a control action from the signed-in dashboard").isEqualTo(200L);

        browser.findElement(By.id("auth-signout")).click();
        visible("#auth-signin");
        waitUntil(d -> d.findElement(By.tagName("body")).getAttribute("class").contains("read-only"));
        assertThat(deleteThroughTheDashboardsApiModule()).as("the same action after signing out").isEqualTo(401L);
        screenshot("login-4-signed-out");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).as("script errors in the browser")
                .noneMatch(entry -> entry.getMessage().contains("Uncaught"));
    }

    @Test
    void theLoginPageSignsInAndReturnsToTheDashboard() {
        browser.manage().deleteAllCookies();
        browser.get(baseUrl() + "/login.html?next=%2F%23setup");
        visible("#login-password").sendKeys("still-not-the-password");
        browser.findElement(By.id("login-submit")).click();
        waitUntil(d -> d.findElement(By.id("login-error")).getText().contains("not the admin password"));
        screenshot("login-page-wrong-password");

        WebElement password = browser.findElement(By.id("login-password"));
        password.clear();
        password.sendKeys(ADMIN_PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login.html"));
        assertThat(browser.getCurrentUrl()).isEqualTo(baseUrl() + "/#setup");
        visible("#auth-signout");
        assertThat(deleteThroughTheDashboardsApiModule()).isEqualTo(200L);
        browser.findElement(By.id("auth-signout")).click();
        visible("#auth-signin");
    }

    /** A control action through the dashboard's own API module: the session cookie, and X-XSRF-TOKEN from the cookie. */
    private static Object deleteThroughTheDashboardsApiModule() {
        return browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/api.js')
                  .then((m) => m.api('/api/ssh/known-hosts/spark2', { method: 'DELETE', quiet: true }))
                  .then(() => done(200), (e) => done(e.status));
                """);
    }

    @Test
    void theLoginPageReturnsOnlyToPathsOnThisServer() {
        browser.manage().deleteAllCookies();
        browser.get(baseUrl() + "/login.html?next=" + java.net.URLEncoder.encode("//evil.example/", java.nio.charset.StandardCharsets.UTF_8));
        visible("#login-password").sendKeys(ADMIN_PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login.html"));
        assertThat(browser.getCurrentUrl()).startsWith(baseUrl() + "/");
        browser.findElement(By.id("auth-signout")).click();
        visible("#auth-signin");
    }

    private static WebElement visible(String css) {
        return waitUntil(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition::apply);
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
