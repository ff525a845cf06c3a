package com.sparkcontrol.dashboard;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named explicitly so Selenium Manager never
 * downloads a browser or a driver. Collects the page's console messages and saves screenshots under
 * {@code target/screenshots/}. A missing browser fails the test with what to install (CI installs both). Public so
 * other packages' browser tests (the secured context's sign-in) can drive the dashboard too.
 */
public final class DashboardBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();

    private DashboardBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static DashboardBrowser start() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Debian's Chromium is not installed at " + CHROMIUM + ": apt-get install chromium (.ci/run installs it)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            fail("Debian's chromedriver is not installed at " + CHROMEDRIVER + ": apt-get install chromium-driver (.ci/run installs it)");
        }
        // with the driver and the browser both given, Selenium Manager has nothing to look up or download
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("dashboard-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new DashboardBrowser(new ChromeDriver(service, options), profile);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
        waitUntil(d -> Boolean.TRUE.equals(js("return document.body.classList.contains('ready')")));
    }

    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(PATIENCE, condition);
    }

    public <T> T waitUntil(Duration patience, Function<WebDriver, T> condition) {
        // cards are redrawn as events arrive: an element found a moment ago may have been replaced
        return new WebDriverWait(driver, patience, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class).until(condition);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits for an element that is displayed, and returns it. */
    public WebElement visible(String css) {
        return waitUntil(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /**
     * Clicks the first displayed match, scrolled to the middle of the window (clear of the toasts), trying again
     * while the dashboard redraws it or something still covers it.
     */
    public void click(String css) {
        waitUntil(d -> {
            WebElement element = d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
            if (element == null) {
                return false;
            }
            js("arguments[0].scrollIntoView({block: 'center'})", element);
            try {
                element.click();
                return true;
            } catch (ElementClickInterceptedException e) {
                return false;
            }
        });
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    public void size(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    /** Forgets what the dashboard kept in this origin's local and session storage (theme, API key). */
    public void clearStorage(String origin) {
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "local_storage,session_storage"));
    }

    public void theme(String theme) {
        js("localStorage.setItem('sc-theme', arguments[0])", theme);
    }

    public void tab(String name) {
        find("#tab-" + name).click();
        waitUntil(d -> find("#panel-" + name).isDisplayed());
    }

    /** Saves the whole page (not just the window) as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        Number width = (Number) js("return window.innerWidth");
        Number height = (Number) js("return Math.min(6000, document.documentElement.scrollHeight)");
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width.intValue(),
                "height", height.intValue(), "deviceScaleFactor", 1, "mobile", width.intValue() < 600));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Every console message since the browser started (chromedriver hands each out once; they are kept here). */
    public List<LogEntry> console() {
        driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
        return List.copyOf(console);
    }

    /** Console errors, as text. */
    public List<String> consoleErrors() {
        return console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
