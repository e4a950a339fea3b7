package djlab.results;

import static djlab.TestSupport.djlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.api.Experiment;
import djlab.api.Experiments;
import djlab.api.RunResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results folder made by build 943b6b3, before plug-ins and the Java API (test resources old-results/): the same
 * spec still finds it complete, so it is not trained again, and the API reads it.
 */
class OldResultsTests {

    @TempDir
    Path dir;

    @Test
    void aRunFolderMadeBeforePluginsIsStillFoundComplete() throws Exception {
        Path old = Path.of(OldResultsTests.class.getResource("/old-results").toURI());
        Path results = dir.resolve("results");
        copy(old.resolve("old-run"), results.resolve("old-run"));
        Path spec = old.resolve("old-run.yaml");

        CliResult run = djlab("run", spec.toString(), "--results", results.toString(), "--data-dir",
                TestSupport.dataRoot().toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("already completed: " + results.resolve("old-run").resolve("c6457b6ddc7b")),
                run::toString);

        Experiment e = Experiments.load(spec).results(results).dataDir(TestSupport.dataRoot());
        assertTrue(e.validate().get(0).completed());
        RunResults read = Experiments.openRun(results.resolve("old-run").resolve("c6457b6ddc7b"));
        assertEquals("completed", read.status());
        assertEquals(1, read.epochs().size());
        assertEquals(0.23, read.metric(Metrics.TEST_ACCURACY).last(), 1e-9);
        assertEquals(3190L, read.summary().orElseThrow().parameters());
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
