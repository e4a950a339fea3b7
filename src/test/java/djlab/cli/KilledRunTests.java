package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.results.RunId;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed mid-training (a real child JVM, killed with SIGKILL) leaves a folder that no one takes for a finished
 * run, and running the spec again trains it to completion.
 */
class KilledRunTests {

    static final String SPEC = """
            name: killed
            data: {validation: 0, limit: {train: 3000, test: 500}}
            model: {type: mlp, hidden: [256]}
            train: {epochs: 6, batch_size: 100, log_every: 5}
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledRunLeavesNoCompleteLookingFolderAndRunsAgainToCompletion() throws Exception {
        Path spec = write(dir, "killed.yaml", SPEC);
        Path results = dir.resolve("results");
        Path runDir = results.resolve("killed").resolve(RunId.of(SpecFiles.load(spec, List.of())));
        Path log = dir.resolve("child.log");

        Process child = startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1"),
                "run", spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString());
        try {
            waitForAnEpochRow(child, runDir.resolve("epochs.csv"), log);
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertNotEquals(0, child.exitValue(), "the child must have been killed, not have finished");

        assertFalse(Files.exists(runDir.resolve("summary.json"))
                && readJson(runDir.resolve("summary.json")).path("status").asText().equals("completed"),
                "a killed run must not look completed");
        assertFalse(TestSupport.filesUnder(runDir).stream().anyMatch(f -> f.endsWith(".params")), TestSupport.filesUnder(runDir)::toString);
        assertTrue(readCsv(runDir.resolve("epochs.csv")).rows().size() < 6);
        CliResult validated = djlab(withLocations(results, "validate", spec.toString()));
        assertTrue(validated.out().contains("# results: " + runDir + System.lineSeparator()), validated::toString);

        CliResult rerun = djlab(withLocations(results, "run", spec.toString()));

        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.out().startsWith("completed: " + runDir + ": "), rerun::toString);
        assertEquals("completed", readJson(runDir.resolve("summary.json")).path("status").asText());
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), readCsv(runDir.resolve("epochs.csv")).column("epoch"),
                "only the new attempt's rows");
        assertEquals(List.of("epochs.csv", "iterations.csv", "model-0006.params", "spec.yaml", "summary.json"),
                TestSupport.filesUnder(runDir));

        CliResult third = djlab(withLocations(results, "run", spec.toString()));

        assertEquals(0, third.exitCode(), third::toString);
        assertEquals("already completed: " + runDir + " (use --force to train again)" + System.lineSeparator(), third.out());
    }

    /** Waits until {@code epochs} has a data row, failing if the child ends first or nothing comes in two minutes. */
    private static void waitForAnEpochRow(Process child, Path epochs, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (Files.exists(epochs) && Files.readAllLines(epochs).size() >= 2) return;
            if (!child.isAlive()) {
                fail("the child ended (exit " + child.exitValue() + ") before its first epoch row:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        fail("no epoch row within two minutes:\n" + Files.readString(log));
    }
}
