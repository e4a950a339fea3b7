package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.results.RunId;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code djlab validate SPEC}: the resolved spec, the layers and the parameter count, without training. */
class ValidateCommandTests {

    @TempDir
    Path dir;

    Path results() {
        return dir.resolve("results");
    }

    /** The number on the "total trainable parameters" line, whatever the locale's digit grouping. */
    static long parameterCount(String output) {
        String line = output.lines().filter(l -> l.contains("total trainable parameters:")).findFirst().orElseThrow(
                () -> new AssertionError("no parameter count in:\n" + output));
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replaceAll("\\D", ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "model: {type: mlp, hidden: [512]}                  | 407050",
        "model: {type: mlp, hidden: [128, 64], batchnorm: true} | 109770",
        "model: {type: lenet}                               | 44426",
        "model: {type: cnn}                                 | 421642",
    })
    void printsTheParameterCount(String yaml, long parameters) {
        Path spec = write(dir, "net.yaml", yaml + "\n");

        CliResult result = djlab(withLocations(results(), "validate", spec.toString()));

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(parameters, parameterCount(result.out()), result::toString);
        assertFalse(Files.exists(results()), "validate must not create the results folder");
    }

    @Test
    void printsTheResolvedSpecTheDataTheLayersAndTheRunFolder() {
        Path spec = write(dir, "mlp.yaml", "model: {type: mlp, hidden: [512]}\n");
        ExperimentSpec loaded = SpecFiles.load(spec, List.of());
        String runId = RunId.of(loaded);

        CliResult result = djlab(withLocations(results(), "validate", spec.toString()));

        List<String> lines = result.out().lines().toList();
        assertEquals("# resolved spec (run-id " + runId + ")", lines.get(0));
        assertTrue(lines.contains("# data: mnist from " + TestSupport.mnistDir()), result::toString);
        assertTrue(lines.contains("# architecture"), result::toString);
        assertEquals("# results: " + results().resolve("mlp").resolve(runId), lines.get(lines.size() - 1));
        List<String> layers = lines.stream().filter(l -> l.matches("\\s+\\d+\\s+.*")).map(String::strip).toList();
        assertEquals(4, layers.size(), result::toString);
        assertTrue(layers.get(1).matches("2\\s+dense 512\\s+512 features\\s+401.?920"), layers.get(1));
    }

    @Test
    void theDataDirMayBeTheFolderHoldingTheFiles() {
        Path spec = write(dir, "mlp.yaml", "model: {type: mlp}\n");

        CliResult result = djlab("validate", spec.toString(), "--results", results().toString(),
                "--data-dir", TestSupport.mnistDir().toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().lines().toList().contains("# data: mnist from " + TestSupport.mnistDir()), result::toString);
    }

    @Test
    void theResolvedSpecItPrintsLoadsBackToTheSameSpec() {
        Path spec = write(dir, "cnn.yaml", "model: {type: cnn, hidden: [8, 16]}\ntrain: {optimizer: {type: adam}}\n");

        CliResult result = djlab(withLocations(results(), "validate", spec.toString()));

        String out = result.out();
        String yaml = out.substring(out.indexOf('\n') + 1, out.indexOf("# data:"));
        assertEquals(SpecFiles.load(spec, List.of()), SpecFiles.load(write(dir, "printed/cnn.yaml", yaml), List.of()));
    }

    @Test
    void overridesChangeTheSpecAndTheRunId() {
        Path spec = write(dir, "mlp.yaml", "model: {type: mlp, hidden: [512]}\n");
        String plainId = RunId.of(SpecFiles.load(spec, List.of()));

        CliResult result = djlab(withLocations(results(), "validate", spec.toString(), "--set", "model.hidden=[128,64]",
                "--set", "model.batchnorm=true"));

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals((784L * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10) + 2 * (128 + 64), parameterCount(result.out()));
        assertFalse(result.out().contains(plainId), result::toString);
    }

    @Test
    void aBadSpecExitsWith2() {
        Path spec = write(dir, "bad.yaml", "model: {dropuot: 0.2}\n");

        CliResult result = djlab(withLocations(results(), "validate", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: " + spec + ": model.dropuot: unknown field (did you mean 'dropout'?)"),
                result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
    }
}
