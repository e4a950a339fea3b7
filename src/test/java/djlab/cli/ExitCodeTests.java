package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.filesUnder;
import static djlab.TestSupport.mnistDir;
import static djlab.TestSupport.onlyRunDir;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit codes: 0 success, 1 a run that failed or diverged, 2 bad input; bad input leaves the results folder alone. */
class ExitCodeTests {

    static final String SMALL = """
            data: {validation: 0, limit: {train: 500, test: 100}}
            model: {type: mlp, hidden: [32]}
            train: {epochs: 1, batch_size: 50, log_every: 1}
            """;

    @TempDir
    Path dir;

    Path results() {
        return dir.resolve("results");
    }

    private static void assertBadInput(CliResult result, String expectedError) {
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: " + expectedError + System.lineSeparator(), result.err(), result::toString);
        assertEquals("", result.out(), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train: {epochs: abc}                                  | train.epochs: expected an integer, got 'abc'",
        "model: {dropout: 1.5}                                 | model.dropout: expected a number in [0, 1), got 1.5",
        "model: {layers: [{type: dense, units: 10}]}           | model.layers[0]: a dense layer needs a flat input, got 1x28x28; add {type: flatten} before it",
        "data: {validation: 600, limit: {train: 500}}          | data.validation: expected fewer than the 500 training records, got 600",
    })
    void aBadSpecExitsWith2AndCreatesNothing(String yaml, String problem) {
        Path spec = write(dir, "bad.yaml", yaml + "\n");

        CliResult result = djlab(withLocations(results(), "run", spec.toString()));

        assertBadInput(result, spec + ": " + problem);
        assertFalse(Files.exists(results()), () -> filesUnder(results()).toString());
    }

    @Test
    void aMissingSpecFileExitsWith2() {
        Path spec = dir.resolve("absent.yaml");

        assertBadInput(djlab(withLocations(results(), "run", spec.toString())), spec + ": file not found");
        assertFalse(Files.exists(results()));
    }

    @Test
    void aBadOverrideExitsWith2() {
        Path spec = write(dir, "small.yaml", SMALL);

        assertBadInput(djlab(withLocations(results(), "run", spec.toString(), "--set", "train.epochs")),
                spec + ": --set: expected KEY=VALUE (e.g. train.optimizer.lr=0.05), got 'train.epochs'");
        assertFalse(Files.exists(results()));
    }

    @Test
    void aTruncatedDataFileExitsWith2AndCreatesNothing() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/mnist"));
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.createSymbolicLink(data.resolve(name), mnistDir().resolve(name));
        }
        Path truncated = data.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(mnistDir().resolve("t10k-images-idx3-ubyte.gz")), 10_000));
        Path spec = write(dir, "small.yaml", SMALL);

        CliResult result = djlab("run", spec.toString(), "--results", results().toString(), "--data-dir", dir.resolve("data").toString());

        assertBadInput(result, truncated + ": truncated: its header promises 7840000 bytes of data, the file ends early");
        assertFalse(Files.exists(results()));
    }

    @Test
    void aMissingDataFolderExitsWith2() {
        Path spec = write(dir, "small.yaml", SMALL);
        Path absent = dir.resolve("no-data");

        CliResult result = djlab("run", spec.toString(), "--results", results().toString(), "--data-dir", absent.toString());

        assertBadInput(result, "--data-dir: expected a folder, " + absent + " does not exist");
        assertFalse(Files.exists(results()));
    }

    @Test
    void anUnknownOptionExitsWith2() {
        Path spec = write(dir, "small.yaml", SMALL);

        CliResult result = djlab(withLocations(results(), "run", spec.toString(), "--epochs", "3"));

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: Unknown options: '--epochs', '3' (see djlab run --help)", result.err().strip(),
                result::toString);
        assertFalse(Files.exists(results()));
    }

    @Test
    void aBadOptionValueIsOneLineNamingTheOption() {
        CliResult result = djlab("bench", "--rounds", "x");

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: Invalid value for option '--rounds': 'x' is not an int (see djlab bench --help)",
                result.err().strip(), result::toString);
    }

    @Test
    void debugAddsTheStackTrace() {
        Path spec = write(dir, "bad.yaml", "train: {epochs: abc}\n");

        CliResult result = djlab(withLocations(results(), "run", spec.toString(), "--debug"));

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("djlab.spec.BadInputException: " + spec + ": train.epochs: "), result::toString);
        assertTrue(result.err().contains("\tat djlab."), result::toString);
    }

    @Test
    void aSmallRunExitsWith0() {
        Path spec = write(dir, "small.yaml", SMALL);

        CliResult result = djlab(withLocations(results(), "run", spec.toString()));

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("completed", readJson(onlyRunDir(results(), "small").resolve("summary.json")).path("status").asText());
    }

    /**
     * SGD at lr 1e10 drives this small MLP's loss past a million times its first batch's within a few updates, or
     * past float range (NaN).
     */
    @Test
    void aDivergedRunExitsWith1AndIsRecordedAsDiverged() {
        Path spec = write(dir, "small.yaml", SMALL);

        CliResult result = djlab(withLocations(results(), "run", spec.toString(), "--set", "train.optimizer.lr=1e10"));

        assertEquals(1, result.exitCode(), result::toString);
        Path run = onlyRunDir(results(), "small");
        JsonNode summary = readJson(run.resolve("summary.json"));
        assertEquals("diverged", summary.path("status").asText());
        assertTrue(summary.path("error").asText().matches("the training loss (became (NaN|-?Infinity)|reached \\S+) at "
                + "iteration \\d+ \\(epoch 1\\).*"), summary.toString());
        assertEquals("diverged: " + run + ": " + summary.path("error").asText() + System.lineSeparator(), result.out());
        assertEquals(0, summary.path("epochs_completed").asInt());
        assertFalse(filesUnder(run).stream().anyMatch(f -> f.endsWith(".params")), filesUnder(run)::toString);
        assertFalse(Files.exists(run.resolve("run.lock")));
        List<String> losses = readCsv(run.resolve("iterations.csv")).column("train_loss");
        assertEquals(summary.path("iterations").asInt(), losses.size());
        String last = losses.get(losses.size() - 1);
        assertTrue(List.of("NaN", "Infinity", "-Infinity").contains(last) || Double.parseDouble(last) > 1e6,
                losses.toString());
    }

    @Test
    void aDivergedRunIsNotSkippedTheNextTime() {
        Path spec = write(dir, "small.yaml", SMALL);
        djlab(withLocations(results(), "run", spec.toString(), "--set", "train.optimizer.lr=1e10"));

        CliResult again = djlab(withLocations(results(), "run", spec.toString(), "--set", "train.optimizer.lr=1e10"));

        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.out().startsWith("diverged: "), again::toString);
    }

    @Test
    void evaluatingAFolderThatIsNotARunExitsWith2() {
        CliResult result = djlab("evaluate", dir.toString(), "--data-dir", dataRoot().toString());

        assertBadInput(result, dir + ": not a run folder: expected spec.yaml in it");
    }

    @Test
    void evaluatingADivergedRunExitsWith2() {
        Path spec = write(dir, "small.yaml", SMALL);
        djlab(withLocations(results(), "run", spec.toString(), "--set", "train.optimizer.lr=1e10"));
        Path run = onlyRunDir(results(), "small");

        CliResult result = djlab("evaluate", run.toString(), "--data-dir", dataRoot().toString());

        String error = readJson(run.resolve("summary.json")).path("error").asText();
        assertBadInput(result, run + ": expected the trained network's parameters (model-NNNN.params) in it, there are "
                + "none; its summary says diverged (" + error + ")");
    }
}
