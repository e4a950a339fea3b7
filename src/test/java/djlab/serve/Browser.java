package djlab.serve;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (packages {@code chromium} and {@code chromium-driver}).
 * Where they are missing the browser tests are skipped, saying so; under CI (the variable {@code CI} set, as
 * {@code .ci/run} runs) a missing browser fails them instead, since {@code .ci/run} installs it.
 */
final class Browser implements AutoCloseable {

    static final List<String> BINARIES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver",
            System.getenv().getOrDefault("CHROMEWEBDRIVER", "/nowhere") + "/chromedriver");

    /** Selenium's note that it has no DevTools binding for this Chromium's version: the tests use none. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        QUIET.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Why no browser can be had here, or null when one can. Under CI that is a failure, not a reason to skip:
     * {@code .ci/run} installs the browser.
     */
    static String missing() {
        String binary = first(System.getenv("CHROMIUM"), BINARIES);
        String driverPath = first(System.getenv("CHROMEDRIVER"), DRIVERS);
        String missing = binary == null ? "chromium" : driverPath == null ? "chromedriver" : null;
        if (missing == null) return null;
        String why = "browser test skipped: no " + missing + " here (install with: apt-get install -y chromium "
                + "chromium-driver)";
        if (System.getenv("CI") != null) fail(why.replace("skipped", "cannot run under CI"));
        System.err.println(why);
        return why;
    }

    /** A headless browser; the test is skipped, saying why, where there is none. */
    static Browser open() {
        String missing = missing();
        assumeTrue(missing == null, missing);
        String binary = first(System.getenv("CHROMIUM"), BINARIES);
        String driverPath = first(System.getenv("CHROMEDRIVER"), DRIVERS);
        try {
            Path profile = Files.createTempDirectory("djlab-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(binary);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1400,1000");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(driverPath).toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String first(String given, List<String> candidates) {
        if (given != null && Files.isExecutable(Path.of(given))) return given;
        return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst().orElse(null);
    }

    /** Opens a page and waits until its script says it has drawn (body[data-ready]). */
    void open(String url) {
        driver.get(url);
        waitFor(Duration.ofSeconds(30), () -> "1".equals(driver.executeScript("return document.body.dataset.ready")));
    }

    void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout).until(d -> condition.getAsBoolean());
    }

    /** The console's messages since the last call, as "LEVEL message" lines. */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /** The console's errors (and CSP refusals, which Chromium logs as errors) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Saves what the window shows as a PNG, the page at its full height (up to {@code maxHeight}). */
    void screenshot(Path file, int width, int maxHeight) {
        Object height = driver.executeScript("return document.documentElement.scrollHeight");
        int h = Math.min(maxHeight, ((Number) height).intValue() + 20);
        driver.manage().window().setSize(new Dimension(width, h));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        ServeFixture.delete(profile);
    }
}
