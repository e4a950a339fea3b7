package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.onlyRunDir;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import djlab.TestSupport.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the command line and in the folders the commands read: one error line saying what was expected,
 * exit 2, never an exception's text with exit 1.
 */
class HostileInputTests {

    static final String SMALL = """
            name: small
            data: {validation: 0, limit: {train: 200, test: 100}}
            model: {type: mlp, hidden: [16]}
            train: {epochs: 1, batch_size: 50, log_every: 1}
            """;

    @TempDir
    Path dir;

    private static void assertBadInput(CliResult result, String expectedError) {
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: " + expectedError + System.lineSeparator(), result.err(), result::toString);
    }

    private Path trainedRun() {
        Path results = dir.resolve("results");
        CliResult result = djlab(withLocations(results, "run", write(dir, "small.yaml", SMALL).toString()));
        assertEquals(0, result.exitCode(), result::toString);
        return onlyRunDir(results, "small");
    }

    private static Path parameters(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
        }
    }

    @Test
    void resultsNamingAFileIsBadInputForEveryCommandThatWrites() throws IOException {
        Path spec = write(dir, "small.yaml", SMALL);
        Path sweep = write(dir, "sweep.yaml", SMALL + "sweep: {seeds: [1, 2]}\n");
        Path file = Files.writeString(dir.resolve("afile"), "x");

        assertBadInput(djlab("run", spec.toString(), "--results", file.toString()),
                "--results: expected a folder, " + file + " is a file");
        assertBadInput(djlab("sweep", sweep.toString(), "--results", file.resolve("below").toString()),
                "--results: expected a folder, " + file + " is a file");
        assertBadInput(djlab("validate", spec.toString(), "--results", file.toString()),
                "--results: expected a folder, " + file + " is a file");
    }

    @Test
    void resultsInAReadOnlyFolderIsBadInput() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeFalse(Files.isWritable(readOnly), "running as root: every folder is writable");

        CliResult result = djlab("run", write(dir, "small.yaml", SMALL).toString(), "--results",
                readOnly.resolve("results").toString());

        assertBadInput(result, "--results: expected a folder DJLab can write into, " + readOnly + " is read-only");
    }

    @Test
    void anEmptyOrBrokenPlanUnderStatusIsOneLine() throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        for (String content : new String[] {"", "{\"runs\": [", "[1, 2]"}) {
            Files.writeString(sweep.resolve("plan.json"), content);
            assertBadInput(djlab("status", sweep.toString()), sweep.resolve("plan.json") + ": expected a sweep's list "
                    + "of planned runs, the file is empty or broken; running the sweep again writes it again");
        }
    }

    @Test
    void aFileWhereAFolderBelongsIsCalledAFileNotMissing() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");

        assertBadInput(djlab("status", file.toString()), file + ": expected a sweep folder, it is a file");
        assertBadInput(djlab("report", file.toString()), file + ": expected a run or sweep folder, it is a file");
        assertBadInput(djlab("validate", write(dir, "small.yaml", SMALL).toString(), "--data-dir", file.toString()),
                "--data-dir: expected a folder, " + file + " is a file");
    }

    @Test
    void evaluateSaysWhatIsMissingOrBroken() throws IOException {
        Path run = trainedRun();
        Path params = parameters(run);
        byte[] good = Files.readAllBytes(params);

        Files.write(params, java.util.Arrays.copyOf(good, 1000));
        CliResult truncated = djlab("evaluate", run.toString(), "--data-dir", djlab.TestSupport.dataRoot().toString());
        assertBadInput(truncated, run + ": expected readable saved parameters (model-NNNN.params), the file is cut "
                + "off or not a parameter file (EOFException)");

        byte[] noise = new byte[good.length];
        new Random(1).nextBytes(noise);
        Files.write(params, noise);
        CliResult random = djlab("evaluate", run.toString(), "--data-dir", djlab.TestSupport.dataRoot().toString());
        assertEquals(2, random.exitCode(), random::toString);
        assertTrue(random.err().startsWith("error: " + run + ": expected readable saved parameters"), random::toString);
        assertEquals(1, random.err().lines().count(), random::toString);

        Files.delete(params);
        assertBadInput(djlab("evaluate", run.toString()), run + ": expected the trained network's parameters "
                + "(model-NNNN.params) in it, there are none; its summary says completed");
        Files.delete(run.resolve("summary.json"));
        assertBadInput(djlab("evaluate", run.toString()), run + ": expected the trained network's parameters "
                + "(model-NNNN.params) in it, there are none; it has no summary.json either (the run never finished)");
    }

    @Test
    void onlyMatchingNoRunIsBadInput() {
        Path sweep = write(dir, "sweep.yaml", SMALL + "sweep: {seeds: [1, 2]}\n");
        Path results = dir.resolve("results");

        CliResult result = djlab(withLocations(results, "sweep", sweep.toString(), "--only", "seed=9*"));

        assertBadInput(result, "--only: expected a pattern matching some run's label (e.g. 'seed=1'), got 'seed=9*', "
                + "which matches none");
        assertFalse(Files.exists(results.resolve("small")));
    }

    @Test
    void aNameWithControlCharactersGivesOneErrorLine() {
        CliResult result = djlab("validate", write(dir, "small.yaml", SMALL).toString(), "--set", "name=\"a\\nb\\rc\"");

        assertBadInput(result, dir.resolve("small.yaml") + ": name: expected letters, digits, '.', '_' or '-' (it names "
                + "a folder), got 'a\\nb\\rc'");
    }
}
