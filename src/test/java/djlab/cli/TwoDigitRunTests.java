package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import djlab.results.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-head path end to end on a small generated two-digit set (400 training records of which 40 validate,
 * 200 test, one epoch): a sweep of the shared-weight split network (SCNN2's design, small) and of a single-stream
 * MLP ending in 20 outputs split into two heads, then its files, {@code evaluate} and summary.csv.
 */
class TwoDigitRunTests {

    static final String SPEC = """
            name: two-digit-e2e
            seed: 3
            data:
              dataset: two-digit-mnist
              validation: 0.1
              two_digit: {train: 400, test: 200, seed: 1}
            train:
              epochs: 1
              batch_size: 40
              log_every: 5
              optimizer: {type: adam, lr: 0.003}
            sweep:
              variants:
                - label: shared
                  model:
                    layers:
                      - type: branches
                        join: heads
                        branches:
                          - name: top
                            region: top
                            layers:
                              - {type: conv2d, channels: 4, kernel: 3, padding: 1, activation: relu}
                              - {type: maxpool, kernel: 2}
                          - {name: bottom, region: bottom, share: top}
                - label: mlp
                  model: {type: mlp, hidden: [32]}
            """;

    /** Shared: conv 4@3x3 (40) and one dense 4x14x14 -> 10 (7,850), counted once although applied to both crops. */
    static final long SHARED_PARAMETERS = 40 + 7_850;
    /** MLP: 1,176 -> 32 -> 20 (two heads of 10). */
    static final long MLP_PARAMETERS = 1_176 * 32 + 32 + 32 * 20 + 20;

    @TempDir
    static Path dir;
    static Path results;
    static CliResult sweep;

    @BeforeAll
    static void runSweep() {
        System.setProperty("djlab.cache.dir", dir.resolve("cache").toString());
        results = dir.resolve("results");
        Path spec = write(dir, "two-digit.yaml", SPEC);
        sweep = djlab(withLocations(results, "sweep", spec.toString()));
    }

    @AfterAll
    static void clearCache() {
        System.clearProperty("djlab.cache.dir");
    }

    static List<Path> runDirs() throws Exception {
        try (Stream<Path> dirs = Files.list(results.resolve("two-digit-e2e"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    static Path runDir(String label) throws Exception {
        for (Path run : runDirs()) {
            if (label.equals(readJson(run.resolve(RunFolder.SUMMARY)).path("label").asText())) return run;
        }
        throw new AssertionError("no run labelled " + label);
    }

    @Test
    void bothRunsCompleteWithTheirParameterCounts() throws Exception {
        assertEquals(0, sweep.exitCode(), sweep::toString);
        assertEquals(SHARED_PARAMETERS, readJson(runDir("shared").resolve(RunFolder.SUMMARY)).path("parameters").asLong());
        assertEquals(MLP_PARAMETERS, readJson(runDir("mlp").resolve(RunFolder.SUMMARY)).path("parameters").asLong());
    }

    @Test
    void curvesKeepTheStandardColumnsAndAddEachHeadAndBothAtTheEnd() throws Exception {
        for (String label : List.of("shared", "mlp")) {
            Csv epochs = readCsv(runDir(label).resolve(RunFolder.EPOCHS));
            List<String> expected = new ArrayList<>(RunFolder.EPOCH_COLUMNS);
            for (String split : List.of("train", "validate", "test")) {
                for (String part : List.of("top", "bottom", "both")) expected.add(split + "_" + part + "_accuracy");
            }
            assertEquals(expected, epochs.header());
            assertEquals(1, epochs.rows().size());
            for (String split : List.of("train", "validate", "test")) {
                double mean = epochs.numbers(split + "_accuracy").get(0);
                double top = epochs.numbers(split + "_top_accuracy").get(0);
                double bottom = epochs.numbers(split + "_bottom_accuracy").get(0);
                double both = epochs.numbers(split + "_both_accuracy").get(0);
                assertEquals((top + bottom) / 2, mean, 1e-5, label + " " + split + ": accuracy is the per-digit mean");
                assertTrue(both <= Math.min(top, bottom) + 1e-6 && both >= top + bottom - 1 - 1e-6,
                        label + " " + split + ": both right " + both + " vs " + top + ", " + bottom);
            }
            Csv iterations = readCsv(runDir(label).resolve(RunFolder.ITERATIONS));
            List<String> expectedIterations = new ArrayList<>(RunFolder.ITERATION_COLUMNS);
            expectedIterations.addAll(List.of("train_top_accuracy", "train_bottom_accuracy", "train_both_accuracy"));
            assertEquals(expectedIterations, iterations.header());
            assertEquals(2, iterations.rows().size(), "9 iterations (360 records / 40), a point every 5 and the last");
        }
    }

    @Test
    void learnsBothDigitsAboveChanceEvenInOneSmallEpoch() throws Exception {
        JsonNode metrics = readJson(runDir("shared").resolve(RunFolder.SUMMARY)).path("metrics");
        assertTrue(metrics.path("test_top_accuracy").path("last").asDouble() > 0.3, metrics::toString);
        assertTrue(metrics.path("test_bottom_accuracy").path("last").asDouble() > 0.3, metrics::toString);
        // The loss is the sum of two cross-entropies: at chance each is ln 10.
        assertTrue(metrics.path("train_loss").path("last").asDouble() < 2 * Math.log(10), metrics::toString);
    }

    @Test
    void summaryHasEveryHeadMetricAndSummaryCsvTheirColumnsAfterTheStandardOnes() throws Exception {
        JsonNode metrics = readJson(runDir("mlp").resolve(RunFolder.SUMMARY)).path("metrics");
        for (String split : List.of("train", "validate", "test")) {
            for (String part : List.of("top", "bottom", "both")) {
                assertTrue(metrics.has(split + "_" + part + "_accuracy"), split + "_" + part + " in " + metrics);
            }
        }
        Csv summary = readCsv(results.resolve("two-digit-e2e").resolve("summary.csv"));
        int error = summary.header().indexOf("error");
        assertTrue(error > 0);
        assertTrue(summary.header().indexOf("final_test_both_accuracy") > error, summary.header()::toString);
        assertTrue(summary.header().indexOf("best_test_top_accuracy") > error, summary.header()::toString);
        assertEquals(2, summary.rows().size());
    }

    @Test
    void evaluateGivesTheRecordedTestAccuraciesAgain() throws Exception {
        Path run = runDir("shared");
        CliResult evaluate = djlab("evaluate", run.toString(), "--data-dir", djlab.TestSupport.dataRoot().toString());
        assertEquals(0, evaluate.exitCode(), evaluate::toString);
        JsonNode metrics = readJson(run.resolve(RunFolder.SUMMARY)).path("metrics");
        String expected = String.format(java.util.Locale.ROOT, "accuracy %.4f",
                metrics.path("test_accuracy").path("last").asDouble());
        assertTrue(evaluate.out().contains(expected), evaluate::toString);
        assertTrue(evaluate.out().contains(String.format(java.util.Locale.ROOT, "both %.4f",
                metrics.path("test_both_accuracy").path("last").asDouble())), evaluate::toString);
    }
}
