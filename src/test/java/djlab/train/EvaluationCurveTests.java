package djlab.train;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport;
import djlab.results.RunId;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.eval_every} evaluates the validation and test sets between epoch ends without changing what the
 * network learns, and {@code train.iterations_to} records the first iteration at which each accuracy reached each
 * threshold, as the reports count "iterations to 90 %".
 */
class EvaluationCurveTests {

    /** 900 training records in batches of 50: 18 batches an epoch, 36 in all. */
    static final String SPEC = """
            name: evals
            data: {validation: 100, limit: {train: 1000, test: 300}}
            model: {type: mlp, hidden: [32], batchnorm: true, dropout: 0.1}
            train: {epochs: 2, batch_size: 50, log_every: 2, optimizer: {type: sgd, lr: 0.1, momentum: 0.9}}
            """;

    static final List<String> EVALS = List.of("train.eval_every=4", "train.iterations_to=[0.5, 0.8, 0.999]");

    @TempDir
    Path dir;

    @Test
    void evaluatingBetweenEpochsLeavesTrainingBitIdentical() throws IOException {
        Path spec = write(dir, "evals.yaml", SPEC);
        Path plain = run(spec, dir.resolve("plain"), List.of());
        Path evaluated = run(spec, dir.resolve("evaluated"), EVALS);

        assertArrayEquals(Files.readAllBytes(plain.resolve(CheckpointResumeTests.params(plain))),
                Files.readAllBytes(evaluated.resolve(CheckpointResumeTests.params(evaluated))), "parameters bit for bit");
        assertEquals(CheckpointResumeTests.withoutTiming(plain.resolve("epochs.csv")),
                CheckpointResumeTests.withoutTiming(evaluated.resolve("epochs.csv")));
        TestSupport.Csv before = readCsv(plain.resolve("iterations.csv"));
        TestSupport.Csv after = readCsv(evaluated.resolve("iterations.csv"));
        assertEquals(before.rows().size(), after.rows().size());
        for (int i = 0; i < before.rows().size(); i++) {
            assertEquals(before.rows().get(i), after.rows().get(i).subList(0, before.header().size()), "row " + i);
        }
    }

    @Test
    void evaluationsFillEveryEvalEveryRowAndTheThresholdsAreTheirFirstCrossings() throws IOException {
        Path spec = write(dir, "evals.yaml", SPEC);
        Path run = run(spec, dir.resolve("results"), EVALS);

        TestSupport.Csv curve = readCsv(run.resolve("iterations.csv"));
        assertEquals(List.of("iteration", "epoch", "lr", "train_loss", "train_accuracy", "validate_loss",
                "validate_accuracy", "test_loss", "test_accuracy"), curve.header());
        int test = curve.header().indexOf("test_accuracy");
        Integer firstHalf = null;
        for (List<String> row : curve.rows()) {
            int iteration = Integer.parseInt(row.get(0));
            boolean evaluated = !row.get(test).isEmpty();
            assertEquals(iteration % 4 == 0, evaluated, "row of iteration " + iteration + ": " + row);
            if (evaluated && firstHalf == null && Double.parseDouble(row.get(test)) >= 0.5) firstHalf = iteration;
        }

        JsonNode reached = readJson(run.resolve("summary.json")).path("iterations_to");
        // Epoch ends (18, 36) are evaluated too; the first crossing is the earliest of both.
        int epochEnd = readCsv(run.resolve("epochs.csv")).rows().get(0).get(0).equals("1")
                && Double.parseDouble(readCsv(run.resolve("epochs.csv")).rows().get(0).get(
                        readCsv(run.resolve("epochs.csv")).header().indexOf("test_accuracy"))) >= 0.5 ? 18 : 36;
        int expected = firstHalf == null ? epochEnd : Math.min(firstHalf, epochEnd);
        assertEquals(expected, reached.path("test_accuracy").path("0.5").asInt(), reached.toString());
        assertTrue(reached.path("train_accuracy").path("0.5").isInt(), reached.toString());
        assertTrue(reached.path("validate_accuracy").path("0.5").isInt(), reached.toString());
        assertFalse(reached.path("test_accuracy").has("0.999"), "a threshold never reached is absent: " + reached);
    }

    @Test
    void theNewFieldsAreOutOfTheRunIdWhenAbsentAndInItWhenPresent() throws IOException {
        Path spec = write(dir, "evals.yaml", SPEC);
        String without = RunId.of(SpecFiles.load(spec, List.of()));
        assertEquals(without, RunId.of(SpecFiles.load(write(dir, "same.yaml", SPEC + "# a comment\n"), List.of())));
        assertFalse(without.equals(RunId.of(SpecFiles.load(spec, EVALS))));
    }

    private static Path run(Path spec, Path results, List<String> sets) {
        TestSupport.CliResult result = djlab(CheckpointResumeTests.args(results, spec, sets));
        assertEquals(0, result.exitCode(), result::toString);
        String runId = RunId.of(SpecFiles.load(spec, sets));
        return results.resolve("evals").resolve(runId);
    }
}
