package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.onlyRunDir;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import djlab.results.RunId;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code djlab run} end to end, in this JVM, on real MNIST: one MLP trained once for the class (4,500 training,
 * 500 validation and 1,000 test images, 3 epochs), its run folder then examined file by file.
 */
class RunCommandTests {

    static final String SPEC = """
            name: mlp-e2e
            description: MLP 784-512-10, SGD with momentum, a few thousand MNIST images
            seed: 42
            data: {validation: 0.1, limit: {train: 5000, test: 1000}}
            model: {type: mlp, hidden: [512]}
            train:
              epochs: 3
              batch_size: 100
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 10
            """;
    static final int PER_EPOCH = 45;

    @TempDir
    static Path dir;
    static Path spec;
    static Path results;
    static CliResult first;
    static Path runDir;

    @BeforeAll
    static void trainOnce() {
        spec = write(dir, "mlp-e2e.yaml", SPEC);
        results = dir.resolve("results");
        first = djlab(withLocations(results, "run", spec.toString()));
        assertEquals(0, first.exitCode(), first::toString);
        runDir = onlyRunDir(results, "mlp-e2e");
    }

    static JsonNode summary() {
        return readJson(runDir.resolve("summary.json"));
    }

    @Test
    void reachesOver90PercentTestAccuracy() {
        double accuracy = summary().at("/metrics/test_accuracy/last").asDouble();

        assertTrue(accuracy > 0.90, "test accuracy " + accuracy);
    }

    @Test
    void theRunFolderIsNamedAfterTheSpecAndItsRunId() {
        ExperimentSpec loaded = SpecFiles.load(spec, List.of());

        assertEquals(results.resolve("mlp-e2e").resolve(RunId.of(loaded)), runDir);
        assertTrue(runDir.getFileName().toString().matches("[0-9a-f]{12}"), runDir.toString());
    }

    @Test
    void theRunFolderHoldsSpecCurvesSummaryAndParametersOnly() {
        assertEquals(List.of("epochs.csv", "iterations.csv", "model-0003.params", "spec.yaml", "summary.json"),
                TestSupport.filesUnder(runDir));
    }

    @Test
    void printsOneLineWithTheOutcome() {
        JsonNode s = summary();
        String expected = String.format(Locale.ROOT, "completed: %s: test accuracy %.4f (best %.4f at epoch %d), 407050 parameters, ",
                runDir, s.at("/metrics/test_accuracy/last").asDouble(), s.at("/metrics/test_accuracy/best").asDouble(),
                s.at("/metrics/test_accuracy/best_epoch").asInt());

        assertEquals(1, first.out().lines().count(), first::toString);
        assertTrue(first.out().startsWith(expected), first::toString);
        assertTrue(first.out().strip().endsWith(" images/s"), first::toString);
    }

    @Test
    void reportsProgressOnStderrOncePerEpoch() {
        List<String> epochLines = first.err().lines().filter(l -> l.matches("mlp-e2e epoch \\d/3: train loss .*")).toList();

        assertEquals(3, epochLines.size(), first::toString);
        assertTrue(epochLines.get(2).startsWith("mlp-e2e epoch 3/3: train loss "), epochLines.get(2));
    }

    @Test
    void iterationsCsvHasItsColumnsAndARowPerLogWindow() {
        Csv iterations = readCsv(runDir.resolve("iterations.csv"));

        assertEquals(List.of("iteration", "epoch", "lr", "train_loss", "train_accuracy"), iterations.header());
        // every 10 updates, and the last update (135 = 3 * 45) closes a shorter window
        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 13).mapToObj(i -> String.valueOf(10 * i)).toList());
        expected.add("135");
        assertEquals(expected, iterations.column("iteration"));
        assertEquals(List.of("1", "1", "1", "1", "2", "2", "2", "2", "2", "3", "3", "3", "3", "3"), iterations.column("epoch"));
        assertTrue(iterations.numbers("lr").stream().allMatch(lr -> lr == 0.1), iterations.column("lr").toString());
        assertTrue(iterations.numbers("train_loss").stream().allMatch(l -> l > 0 && l < 3), iterations.column("train_loss").toString());
        assertTrue(iterations.numbers("train_accuracy").stream().allMatch(a -> a >= 0 && a <= 1));
    }

    @Test
    void theTrainingLossFalls() {
        List<Double> loss = readCsv(runDir.resolve("iterations.csv")).numbers("train_loss");

        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 3, loss.toString());
    }

    @Test
    void epochsCsvHasItsColumnsAndARowPerEpoch() {
        Csv epochs = readCsv(runDir.resolve("epochs.csv"));

        assertEquals(List.of("epoch", "train_loss", "train_accuracy", "validate_loss", "validate_accuracy", "test_loss",
                "test_accuracy", "epoch_seconds", "elapsed_seconds"), epochs.header());
        assertEquals(List.of("1", "2", "3"), epochs.column("epoch"));
        for (String column : List.of("train_accuracy", "validate_accuracy", "test_accuracy")) {
            assertTrue(epochs.numbers(column).stream().allMatch(a -> a > 0.5 && a <= 1), column + " " + epochs.column(column));
        }
        List<Double> elapsed = epochs.numbers("elapsed_seconds");
        assertTrue(elapsed.get(0) > 0 && elapsed.get(0) < elapsed.get(1) && elapsed.get(1) < elapsed.get(2), elapsed.toString());
        assertTrue(epochs.numbers("epoch_seconds").stream().allMatch(s -> s > 0));
    }

    @Test
    void summaryRecordsHowTheRunEnded() {
        JsonNode s = summary();

        assertAll(
                () -> assertEquals("completed", s.path("status").asText()),
                () -> assertEquals("mlp-e2e", s.path("name").asText()),
                () -> assertEquals(runDir.getFileName().toString(), s.path("run_id").asText()),
                () -> assertEquals(3, s.path("epochs_completed").asInt()),
                () -> assertEquals(3 * PER_EPOCH, s.path("iterations").asInt()),
                () -> assertEquals(407_050, s.path("parameters").asLong()),
                () -> assertTrue(s.path("error").isMissingNode(), s.toString()),
                () -> assertTrue(s.path("wall_seconds").asDouble() >= s.path("train_seconds").asDouble()),
                () -> assertTrue(s.path("started").asText().compareTo(s.path("finished").asText()) < 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "train_loss,        false",
        "train_accuracy,    true",
        "validate_loss,     false",
        "validate_accuracy, true",
        "test_loss,         false",
        "test_accuracy,     true",
    })
    void summaryMetricsAreTheLastAndBestOfTheEpochCurves(String metric, boolean higherIsBetter) {
        List<Double> curve = readCsv(runDir.resolve("epochs.csv")).numbers(metric);
        JsonNode m = summary().at("/metrics/" + metric);
        int bestEpoch = 1;
        for (int e = 2; e <= curve.size(); e++) {
            double v = curve.get(e - 1);
            if (higherIsBetter ? v > curve.get(bestEpoch - 1) : v < curve.get(bestEpoch - 1)) bestEpoch = e;
        }

        assertEquals(List.of("best", "best_epoch", "last"), fieldNames(m));
        assertEquals(curve.get(2), m.path("last").asDouble(), 1e-6);
        assertEquals(curve.get(bestEpoch - 1), m.path("best").asDouble(), 1e-6);
        assertEquals(bestEpoch, m.path("best_epoch").asInt());
    }

    @Test
    void summaryHasExactlyTheSixMetrics() {
        assertEquals(List.of("test_accuracy", "test_loss", "train_accuracy", "train_loss", "validate_accuracy", "validate_loss"),
                fieldNames(summary().path("metrics")));
    }

    @Test
    void convergenceIsTheFirstEpochEndWithin1PercentOfTheBestValidationAccuracy() {
        List<Double> validate = readCsv(runDir.resolve("epochs.csv")).numbers("validate_accuracy");
        double best = validate.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        int epoch = 1;
        while (validate.get(epoch - 1) < 0.99 * best) epoch++;

        assertEquals("validate_accuracy", summary().path("convergence_metric").asText());
        assertEquals(epoch * PER_EPOCH, summary().path("convergence_iteration").asInt());
    }

    @Test
    void imagesPerSecondIsTrainingImagesOverTrainingTime() {
        JsonNode s = summary();

        assertEquals(3 * 4500 / s.path("train_seconds").asDouble(), s.path("images_per_second").asDouble(), 1e-6
                * s.path("images_per_second").asDouble());
    }

    @Test
    void summaryRecordsTheEnvironment() {
        JsonNode env = summary().path("environment");

        assertAll(
                () -> assertEquals("PyTorch", env.path("engine").asText()),
                () -> assertEquals("0.35.1", env.path("djl").asText()),
                () -> assertEquals("cpu()", env.path("device").asText()),
                () -> assertEquals(Runtime.getRuntime().availableProcessors(), env.path("cpu_cores").asInt()),
                () -> assertTrue(env.path("java").asText().startsWith(System.getProperty("java.version"))),
                () -> assertTrue(env.has("pytorch") && env.has("os") && env.has("gpus"), env.toString()));
    }

    @Test
    void specYamlReloadsToTheSameSpec() {
        assertEquals(SpecFiles.load(spec, List.of()), SpecFiles.load(runDir.resolve("spec.yaml"), List.of()));
    }

    @Test
    void evaluatePrintsTheTestAccuracyOfTheSummary() {
        CliResult evaluated = djlab("evaluate", runDir.toString(), "--data-dir", TestSupport.dataRoot().toString());

        JsonNode s = summary();
        assertEquals(0, evaluated.exitCode(), evaluated::toString);
        assertEquals(String.format(Locale.ROOT, "test loss %.4f accuracy %.4f (1000 records)%n",
                s.at("/metrics/test_loss/last").asDouble(), s.at("/metrics/test_accuracy/last").asDouble()), evaluated.out());
    }

    @Test
    void aCompletedRunIsSkippedWithoutForce() throws IOException {
        byte[] summaryBefore = Files.readAllBytes(runDir.resolve("summary.json"));
        var modifiedBefore = Files.getLastModifiedTime(runDir.resolve("epochs.csv"));

        CliResult again = djlab(withLocations(results, "run", spec.toString()));

        assertEquals(0, again.exitCode(), again::toString);
        assertEquals("already completed: " + runDir + " (use --force to train again)" + System.lineSeparator(), again.out());
        assertEquals(new String(summaryBefore), Files.readString(runDir.resolve("summary.json")));
        assertEquals(modifiedBefore, Files.getLastModifiedTime(runDir.resolve("epochs.csv")));
    }

    @Test
    void validateSaysTheRunIsCompleted() {
        CliResult validated = djlab(withLocations(results, "validate", spec.toString()));

        assertEquals(0, validated.exitCode(), validated::toString);
        assertTrue(validated.out().contains("# results: " + runDir + " (completed)"), validated::toString);
    }

    /**
     * The same spec trained again, into another results root and then once more there with --force, gives the same
     * curves to the last digit: the seed fixes initial weights, validation split and batch order.
     */
    @Test
    void theSameSpecTrainsToTheSameCurves() {
        Path otherResults = dir.resolve("again");
        CliResult second = djlab(withLocations(otherResults, "run", spec.toString()));
        assertEquals(0, second.exitCode(), second::toString);
        Path otherRun = onlyRunDir(otherResults, "mlp-e2e");
        assertSameCurves(runDir, otherRun);
        String startedBefore = readJson(otherRun.resolve("summary.json")).path("started").asText();

        CliResult forced = djlab(withLocations(otherResults, "run", spec.toString(), "--force"));

        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(forced.out().startsWith("completed: " + otherRun + ": "), forced::toString);
        assertNotEquals(startedBefore, readJson(otherRun.resolve("summary.json")).path("started").asText());
        assertSameCurves(runDir, otherRun);
    }

    private static void assertSameCurves(Path expected, Path actual) {
        assertEquals(TestSupport.read(expected.resolve("iterations.csv")), TestSupport.read(actual.resolve("iterations.csv")));
        Csv a = readCsv(expected.resolve("epochs.csv"));
        Csv b = readCsv(actual.resolve("epochs.csv"));
        for (String column : List.of("epoch", "train_loss", "train_accuracy", "validate_loss", "validate_accuracy",
                "test_loss", "test_accuracy")) {
            assertEquals(a.column(column), b.column(column), column);
        }
        assertEquals(summaryMetrics(expected), summaryMetrics(actual));
    }

    private static JsonNode summaryMetrics(Path run) {
        return readJson(run.resolve("summary.json")).path("metrics");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
