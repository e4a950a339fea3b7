package djlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (headless Chromium): over a small sweep trained on MNIST, a run in progress, a
 * corrupt run and a run whose texts are HTML. Each page must draw without a console error, which also catches any
 * refusal by the Content-Security-Policy.
 */
class DashboardBrowserTests {

    @TempDir
    static Path tmp;
    static Path results;
    static Path sweep;
    static Dashboard dashboard;
    static Browser browser;
    static String base;

    static String missing;

    @BeforeAll
    static void start() {
        // Each test then says it was skipped, and why, where no browser can be had.
        missing = Browser.missing();
        if (missing != null) return;
        browser = Browser.open();
        results = tmp.resolve("results");
        sweep = ServeFixture.realSweep(results);
        ServeFixture.hostile(results);
        ServeFixture.corrupt(results);
        dashboard = Dashboard.start(results, "127.0.0.1", 0, 200);
        base = "http://127.0.0.1:" + dashboard.port();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (dashboard != null) dashboard.close();
    }

    @BeforeEach
    void clearConsole() {
        org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, missing);
        browser.console();
    }

    private List<WebElement> rows(String table) {
        return browser.driver.findElements(By.cssSelector("table[data-table=" + table + "] tbody tr"));
    }

    private static String runId(int i) {
        return ServeFixture.SWEEP + "/" + ServeFixture.runs(sweep).get(i).getFileName();
    }

    private void noConsoleErrors(String page) {
        List<String> errors = browser.consoleErrors();
        assertTrue(errors.isEmpty(), page + ": console errors " + errors);
    }

    @Test
    void theFrontPageListsEveryRunAndFiltersThem() {
        browser.open(base + "/");
        List<WebElement> runs = rows("runs");
        assertEquals(6, runs.size(), "4 trained runs, the hostile and the corrupt one");
        String text = browser.driver.findElement(By.cssSelector("table[data-table=runs]")).getText();
        for (int i = 0; i < 4; i++) assertTrue(text.contains(runId(i)), runId(i) + " listed");
        WebElement broken = browser.driver.findElement(By.cssSelector("tr[data-id='broken/0000broken00']"));
        assertTrue(broken.getText().contains("unreadable"), broken.getText());
        assertEquals(3, rows("sweeps").size(), "serve-sweep, hostile, broken");
        browser.driver.findElement(By.id("filter")).sendKeys("batchnorm=true");
        long shown = rows("runs").stream().filter(WebElement::isDisplayed).count();
        assertEquals(2, shown, "two runs of the batch-norm variant");
        noConsoleErrors("front page");
    }

    @Test
    void theSweepPageShowsTheReportsTableVerdictsAndChartsWithoutConsoleErrors() {
        browser.open(base + "/sweep.html?id=" + ServeFixture.SWEEP);
        assertEquals(2, rows("comparison").size());
        assertFalse(browser.driver.findElements(By.cssSelector("table[data-table=comparison] td.best")).isEmpty(),
                "the best mean of a column is marked");
        assertEquals(1, rows("significance").size(), "batch norm on against off");
        List<WebElement> charts = browser.driver.findElements(By.cssSelector("#overlays .chart"));
        assertEquals(6, charts.size());
        for (WebElement chart : charts) {
            assertFalse(chart.findElements(By.tagName("canvas")).isEmpty(), chart.getAttribute("data-chart"));
            assertEquals("2", chart.getAttribute("data-lines"), chart.getAttribute("data-chart"));
            assertTrue(Integer.parseInt(chart.getAttribute("data-points")) >= 2, chart.getAttribute("data-chart"));
        }
        assertEquals(4, browser.driver.findElements(By.cssSelector("#parallel polyline")).size(), "one line per run");
        String diff = browser.driver.findElement(By.cssSelector("table[data-table=specs] tr.diff")).getText();
        assertTrue(diff.startsWith("model.batchnorm"), diff);
        WebElement csv = browser.driver.findElement(By.cssSelector("table[data-table=comparison]"))
                .findElement(By.xpath("../../div[@class='tablehead']/a[@class='csv']"));
        csv.click();
        String href = csv.getAttribute("href");
        String table = URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).startsWith("variant,seeds (n),final test acc (%)"), lines.get(0));
        assertEquals(3, lines.size(), table);
        noConsoleErrors("sweep page");
    }

    @Test
    void anAdaptiveSweepsPageShowsEachTrialsStateAndTheOptimisationHistory() throws Exception {
        Path adaptive = tmp.resolve("adaptive").resolve("results");
        Path sweep = ServeFixture.adaptiveSweep(adaptive);
        long pruned = Files.readAllLines(sweep.resolve("decisions.jsonl")).stream()
                .filter(l -> l.contains("\"event\":\"finished\"") && l.contains("\"status\":\"pruned\"")).count();
        try (Dashboard own = Dashboard.start(adaptive, "127.0.0.1", 0, 200)) {
            browser.open("http://127.0.0.1:" + own.port() + "/sweep.html?id=" + ServeFixture.ADAPTIVE);
            List<WebElement> trials = rows("search");
            assertEquals(6, trials.size(), "one row per trial");
            long shownPruned = trials.stream().filter(r -> r.getText().contains("pruned at rung 0 (epoch 1)")).count();
            assertTrue(pruned > 0, "ASHA with eta 2 pruned a trial");
            assertEquals(pruned, shownPruned, "each pruned trial with the rung it stopped at");
            WebElement history = browser.driver.findElement(By.cssSelector("#search .chart"));
            assertFalse(history.findElements(By.tagName("canvas")).isEmpty());
            assertEquals("6", history.getAttribute("data-points"), "a point per trial");
            browser.screenshot(Path.of("target", "dashboard", "adaptive-sweep.png"), 1400, 1600);
            noConsoleErrors("adaptive sweep page");
        } finally {
            // Off the page before its server stops: its event stream would retry and fill the next test's console.
            browser.driver.get("about:blank");
            browser.console();
        }
    }

    @Test
    void anEpochAppendedWhileTheRunOrSweepPageIsOpenShowsWithoutAReload() throws Exception {
        Path run = ServeFixture.running(sweep, ServeFixture.runs(sweep).get(0));
        String id = ServeFixture.SWEEP + "/" + run.getFileName();
        try {
            browser.waitFor(Duration.ofSeconds(10), () -> dashboard.runs() == 7);
            browser.open(base + "/run.html?id=" + id);
            WebElement header = browser.driver.findElement(By.id("run-header"));
            assertTrue(header.getText().contains("running"), header.getText());
            String accuracy = "div.chart[data-chart='accuracy per epoch']";
            assertEquals("1", browser.driver.findElement(By.cssSelector(accuracy)).getAttribute("data-points"));
            browser.driver.executeScript("window.samePage = 'yes'");
            long t0 = System.nanoTime();
            ServeFixture.appendEpoch(run, 2, 0.875);
            browser.waitFor(Duration.ofSeconds(10),
                    () -> "2".equals(browser.driver.findElement(By.cssSelector(accuracy)).getAttribute("data-points")));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("the appended epoch showed in the page after %.2f s%n", seconds);
            assertEquals("yes", browser.driver.executeScript("return window.samePage"), "no page reload");
            assertTrue(browser.driver.findElement(By.cssSelector("table[data-table=epochs]")).getText().contains("0.875"));
            // The sweep's page shows the runs still training apart from its tables, growing too.
            browser.open(base + "/sweep.html?id=" + ServeFixture.SWEEP);
            String growing = "div.chart[data-chart='in progress: test accuracy per epoch']";
            browser.waitFor(Duration.ofSeconds(10), () -> browser.driver.findElements(By.cssSelector(growing)).stream()
                    .anyMatch(c -> "2".equals(c.getAttribute("data-points"))));
            browser.driver.executeScript("window.samePage = 'yes'");
            ServeFixture.appendEpoch(run, 3, 0.9);
            browser.waitFor(Duration.ofSeconds(10), () -> browser.driver.findElements(By.cssSelector(growing)).stream()
                    .anyMatch(c -> "3".equals(c.getAttribute("data-points"))));
            assertEquals("yes", browser.driver.executeScript("return window.samePage"), "no page reload");
            // The run ends: its status changes in place.
            browser.open(base + "/run.html?id=" + id);
            browser.driver.executeScript("window.samePage = 'yes'");
            Files.copy(ServeFixture.runs(sweep).get(0).resolve("summary.json"), run.resolve("summary.json"));
            browser.waitFor(Duration.ofSeconds(10),
                    () -> browser.driver.findElement(By.id("run-header")).getText().contains("completed"));
            assertEquals("yes", browser.driver.executeScript("return window.samePage"), "no page reload");
            noConsoleErrors("run page");
        } finally {
            ServeFixture.delete(run);
            browser.waitFor(Duration.ofSeconds(10), () -> dashboard.runs() == 6);
        }
    }

    @Test
    void compareOverlaysTheRunsPickedOnTheFrontPage() {
        browser.open(base + "/");
        browser.driver.findElement(By.cssSelector("input.pick[data-id='" + runId(0) + "']")).click();
        browser.driver.findElement(By.cssSelector("input.pick[data-id='" + runId(1) + "']")).click();
        browser.driver.findElement(By.id("compare")).click();
        browser.waitFor(Duration.ofSeconds(30), () -> browser.driver.getCurrentUrl().contains("compare.html")
                && "1".equals(browser.driver.executeScript("return document.body.dataset.ready")));
        WebElement accuracy = browser.driver.findElement(By.cssSelector("div.chart[data-chart='test accuracy per epoch']"));
        assertEquals("2", accuracy.getAttribute("data-lines"), "both runs overlaid");
        assertFalse(accuracy.findElements(By.tagName("canvas")).isEmpty());
        String differing = browser.driver.findElements(By.cssSelector("table[data-table=specs] tr.diff")).stream()
                .map(WebElement::getText).reduce("", (a, b) -> a + "\n" + b);
        assertFalse(differing.isBlank(), "the specs' differences are highlighted");
        assertFalse(differing.contains("data.dataset"), "fields that are equal are not: " + differing);
        noConsoleErrors("compare page");
    }

    @Test
    void htmlInSpecsAndFilesIsShownAsText() {
        browser.open(base + "/");
        WebElement hostile = browser.driver.findElement(By.cssSelector("tr[data-id='hostile/0000hostile0']"));
        assertTrue(hostile.getText().contains(ServeFixture.IMG), hostile.getText());
        browser.open(base + "/run.html?id=hostile/0000hostile0");
        assertEquals(ServeFixture.SCRIPT, browser.driver.findElement(By.id("description")).getText());
        assertTrue(browser.driver.findElement(By.id("title")).getText().contains(ServeFixture.IMG));
        assertTrue(browser.driver.findElement(By.cssSelector("table[data-table=environment]")).getText()
                .contains(ServeFixture.SCRIPT));
        browser.open(base + "/sweep.html?id=hostile");
        assertTrue(browser.driver.findElement(By.cssSelector("table[data-table=comparison]")).getText()
                .contains(ServeFixture.IMG));
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty(), "no element made of the text");
        assertTrue(browser.driver.findElements(By.xpath("//script[contains(., 'alert')]")).isEmpty());
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
        noConsoleErrors("hostile pages");
    }

    /**
     * The pages as pictures, for a person to look at: target/dashboard/*.png. With {@code -Ddashboard.results=DIR}
     * they show that results folder instead (the README's picture: {@code -Ddashboard.picture=docs/dashboard.png}).
     */
    @Test
    void screenshots() throws Exception {
        String other = System.getProperty("dashboard.results");
        Dashboard shown = other == null ? dashboard : Dashboard.start(Path.of(other), "127.0.0.1", 0);
        try {
            String url = "http://127.0.0.1:" + shown.port();
            if (System.getProperty("dashboard.wait-running") != null) {
                // A picture of a sweep while it trains: wait for five runs done and one on its way.
                browser.waitFor(Duration.ofMinutes(10), () -> shown.count("completed") >= 5 && shown.count("running") == 1);
                Thread.sleep(4000);
            }
            Path out = Path.of("target", "dashboard");
            browser.open(url + "/");
            browser.screenshot(out.resolve("front.png"), 1400, 1000);
            String firstSweep = other == null ? ServeFixture.SWEEP : (String) browser.driver.executeScript(
                    "return document.querySelector('table[data-table=sweeps] tbody tr').dataset.id");
            String firstRun = other == null ? runId(0) : (String) browser.driver.executeScript(
                    "return document.querySelector('table[data-table=runs] tbody tr').dataset.id");
            browser.open(url + "/sweep.html?id=" + firstSweep);
            browser.screenshot(out.resolve("sweep.png"), 1400, 2600);
            String picture = System.getProperty("dashboard.picture");
            if (picture != null) browser.screenshot(Path.of(picture), 1280, 1180);
            browser.open(url + "/run.html?id=" + firstRun);
            browser.screenshot(out.resolve("run.png"), 1400, 2200);
            assertTrue(Files.size(out.resolve("sweep.png")) > 10_000);
            noConsoleErrors("screenshots");
        } finally {
            if (shown != dashboard) shown.close();
        }
    }
}
