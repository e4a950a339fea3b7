package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report in headless Chromium through {@code scripts/report-screenshot.sh}: no console errors, nothing
 * fetched, a screenshot written. Skipped where Debian's chromium package is not installed.
 */
class ScreenshotTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path root;

    @Test
    void reportOpensInHeadlessChromium() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "skipped: /usr/bin/chromium is not installed (apt-get install -y chromium) - the report was not opened "
                        + "in a browser");
        Path sweep = root.resolve("sweep");
        for (int seed = 1; seed <= 2; seed++) {
            Fixture.write(sweep, Fixture.Run.completed("batchnorm=false", Map.of("model.batchnorm", false), seed, 0.9));
            Fixture.write(sweep, Fixture.Run.completed("batchnorm=true", Map.of("model.batchnorm", true), seed, 0.95));
        }
        Reports.Written written = Reports.write(sweep, null);
        Path shot = root.resolve("screenshot.png");
        Process process = new ProcessBuilder("bash", "scripts/report-screenshot.sh", written.html().toString(),
                shot.toString(), "1400,3000").redirectErrorStream(true).start();
        assertTrue(process.waitFor(240, TimeUnit.SECONDS), "chromium did not finish in 4 minutes");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(Files.size(shot) > 50_000, "a screenshot with charts in it, not a blank page: " + Files.size(shot));
    }
}
