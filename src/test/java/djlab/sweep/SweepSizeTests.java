package djlab.sweep;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.spec.SweepSpec;
import djlab.TestSupport.CliResult;
import djlab.spec.BadInputException;
import djlab.train.RunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sweep is counted before it is expanded: a few lines can ask for billions of runs, which must be one error line,
 * not an out-of-memory error minutes later. Also: a sweep may not vary where its results go.
 */
class SweepSizeTests {

    static final String BASE = """
            name: size
            data: {validation: 0, limit: {train: 500, test: 500}}
            model: {type: mlp, hidden: [32]}
            train: {epochs: 1, batch_size: 100}
            """;

    @TempDir
    Path dir;

    private RunPlan.Locations where() {
        return new RunPlan.Locations(dir.resolve("results"), dataRoot(), null);
    }

    private static String values(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.valueOf(i + 1)).collect(Collectors.joining(", ", "[", "]"));
    }

    /** 100^4 grid values in a 2 KB spec. */
    private Path hugeGrid() {
        return write(dir, "grid.yaml", BASE + "sweep:\n  grid: {train.epochs: " + values(100) + ", train.batch_size: "
                + values(100) + ", seed: " + values(100) + ", data.limit.train: " + values(100) + "}\n");
    }

    @Test
    void aHugeGridIsRefusedWithItsCountBeforeExpanding() {
        Path file = hugeGrid();

        BadInputException e = assertThrows(BadInputException.class, () -> SweepPlan.of(file, List.of(), where()));

        assertEquals(file + ": sweep: expected at most 10000 runs (raise the limit with --max-runs), got 100000000 "
                + "(grid 100 x 100 x 100 x 100)", e.getMessage());
    }

    @Test
    void twoBillionRandomTrialsAreRefusedBeforeAnyIsDrawn() {
        Path file = write(dir, "random.yaml", BASE + "sweep: {random: {trials: 2000000000, space: "
                + "{train.optimizer.lr: {log_uniform: [0.001, 1]}}}, seeds: [1, 2]}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SweepPlan.of(file, List.of(), where()));

        assertEquals(file + ": sweep: expected at most 10000 runs (raise the limit with --max-runs), got 4000000000 "
                + "(2000000000 trials x 2 seeds)", e.getMessage());
    }

    @Test
    void aCountBeyondLongIsStillOneLine() {
        StringBuilder grid = new StringBuilder(BASE + "sweep:\n  grid:\n");
        for (int axis = 0; axis < 12; axis++) grid.append("    model.hidden.").append(axis).append(": ").append(values(100)).append('\n');
        Path file = write(dir, "grid.yaml", grid.toString());

        BadInputException e = assertThrows(BadInputException.class, () -> SweepPlan.of(file, List.of(), where()));

        assertTrue(e.getMessage().contains("got more than 9223372036854775807 (grid 100 x 100"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "grid: {train.epochs: [1, 2, 3], model.dropout: [0.1, 0.2]}                            | 6",
        "grid: {train.epochs: [1, 2, 3]}, seeds: [1, 2]                                        | 6",
        "variants: [{label: a, train.epochs: 1}, {label: b, train.epochs: 2}], grid: {model.dropout: [0.1, 0.2]}, seeds: [1, 2, 3] | 12",
        "random: {trials: 5, space: {model.dropout: {uniform: [0, 0.5]}}}, seeds: [3, 4]       | 10",
        "seeds: [1, 2, 3, 4]                                                                   | 4",
    })
    void theCountIsTheNumberOfRunsPlanned(String sweep, long runs) {
        Path file = write(dir, "sweep.yaml", BASE + "sweep: {" + sweep + "}\n");
        SweepSpec spec = djlab.spec.SpecFiles.convert(file.toString(),
                djlab.spec.SpecFiles.read(file, List.of()).get("sweep"), SweepSpec.class, "sweep.");

        assertEquals(runs, SweepExpansion.count(spec));
        assertEquals(runs, SweepPlan.of(file, List.of(), where()).runs().size());
    }

    @Test
    void theLimitIsRaisedOrLoweredByMaxRuns() {
        Path file = write(dir, "sweep.yaml", BASE + "sweep: {grid: {train.epochs: [1, 2, 3]}, seeds: [1, 2]}\n");

        assertEquals(6, SweepPlan.of(file, List.of(), List.of(), where(), 6).runs().size());
        BadInputException e = assertThrows(BadInputException.class, () -> SweepPlan.of(file, List.of(), List.of(), where(), 5));
        assertEquals(file + ": sweep: expected at most 5 runs (raise the limit with --max-runs), got 6 "
                + "(grid 3 x 2 seeds)", e.getMessage());
    }

    @Test
    void dryRunAndValidateRefuseAHugeSweepInOneLineAndTakeMaxRuns() {
        Path file = hugeGrid();
        String results = dir.resolve("results").toString();
        for (String[] args : List.of(new String[] {"sweep", file.toString(), "--dry-run", "--results", results},
                new String[] {"validate", file.toString(), "--results", results})) {
            CliResult result = djlab(args);
            assertEquals(2, result.exitCode(), result::toString);
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().startsWith("error: " + file + ": sweep: expected at most 10000 runs"), result::toString);
        }
        Path small = write(dir, "small.yaml", BASE + "sweep: {grid: {train.epochs: [1, 2, 3]}}\n");
        CliResult lowered = djlab("sweep", small.toString(), "--dry-run", "--max-runs", "2", "--results", results);
        assertEquals(2, lowered.exitCode(), lowered::toString);
        assertTrue(lowered.err().contains("expected at most 2 runs"), lowered::toString);
        CliResult raised = djlab("validate", small.toString(), "--max-runs", "3", "--results", results);
        assertEquals(0, raised.exitCode(), raised::toString);
        assertFalse(Files.exists(dir.resolve("results")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "grid: {name: [a, b]}                                          | sweep.grid.name",
        "variants: [{label: a, name: a}, {label: b, name: b}]          | sweep.variants[0].name",
        "random: {trials: 2, space: {name: {choice: [a, b]}}}          | sweep.random.space.name",
    })
    void theNameDecidesTheResultsFolderAndCannotBeSwept(String sweep, String field) {
        Path file = write(dir, "sweep.yaml", BASE + "sweep: {" + sweep + "}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SweepPlan.of(file, List.of(), where()));

        assertEquals(file + ": " + field + ": 'name' names the results folder of the whole sweep and cannot vary; "
                + "the runs are told apart by their labels", e.getMessage());
    }
}
