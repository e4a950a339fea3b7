package djlab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import djlab.results.Metrics;
import djlab.results.RunId;
import djlab.results.Summary;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API, used as a program would: no command line. */
class ApiTests {

    static final String SMALL = """
            name: api-small
            data: {limit: {train: 600, test: 200}, validation: 100}
            model: {type: mlp, hidden: [32]}
            train: {epochs: 2, batch_size: 50, optimizer: {type: sgd, lr: 0.1, momentum: 0.9}, log_every: 4, device: cpu}
            """;

    @TempDir
    Path dir;

    Experiment small() {
        return Experiments.parse(SMALL).results(dir.resolve("results")).dataDir(TestSupport.dataRoot());
    }

    @Test
    void runTrainsAndTheResultsReadBackWithoutParsingCsv() {
        RunResults run = small().run();

        assertEquals(Summary.COMPLETED, run.status());
        assertTrue(run.completed());
        assertEquals(RunId.of(small().spec()), run.runId());
        List<Row> epochs = run.epochs();
        assertEquals(2, epochs.size());
        assertEquals(2, (int) epochs.get(1).number("epoch"));
        assertEquals(run.metric(Metrics.TEST_ACCURACY).last(), epochs.get(1).number(Metrics.TEST_ACCURACY), 1e-6);
        assertTrue(run.metric(Metrics.TEST_ACCURACY).last() > 0.6, epochs::toString);
        assertFalse(run.iterations().isEmpty());
        assertTrue(run.iterations().get(0).has("lr"));
        assertEquals(List.of(32), run.spec().model().hidden());
        assertEquals(25_450, run.summary().orElseThrow().parameters());
    }

    @Test
    void overridesWorkLikeSetAndBadOnesNameTheField() {
        Experiment e = small().set("model.hidden", List.of(16)).override("train.optimizer.lr=0.05", "seed=7");

        ExperimentSpec spec = e.spec();
        assertEquals(List.of(16), spec.model().hidden());
        assertEquals(0.05, spec.train().optimizer().lr());
        assertEquals(7L, spec.seed());
        assertEquals(List.of(32), small().spec().model().hidden(), "an experiment is not changed by set");

        BadInputException bad = assertThrows(BadInputException.class, () -> small().set("model.dropout", 1.5).spec());
        assertEquals("<text>: model.dropout: expected a number in [0, 1), got 1.5", bad.getMessage());
    }

    @Test
    void aSpecBuiltInCodeHasTheSameRunIdAsTheSameSpecFromAFile() {
        Path file = TestSupport.write(dir, "api-small.yaml", SMALL);
        ExperimentSpec fromFile = Experiments.load(file).spec();

        Experiment inCode = Experiments.of(fromFile).results(dir.resolve("results")).dataDir(TestSupport.dataRoot());

        assertEquals(RunId.of(fromFile), inCode.validate().get(0).runId());
        assertEquals(fromFile, inCode.spec());
    }

    @Test
    void validateListsEveryRunOfASweepAndWritesNothing() {
        Experiment sweep = small().set("sweep", Map.of("grid", Map.of("model.hidden", List.of(List.of(8), List.of(16))),
                "seeds", List.of(1, 2)));

        List<PlannedRun> runs = sweep.validate();

        assertEquals(4, runs.size());
        assertTrue(runs.stream().noneMatch(PlannedRun::completed));
        assertEquals(4, runs.stream().map(PlannedRun::runId).distinct().count());
        assertTrue(runs.get(0).label().contains("seed=1"), runs.toString());
        assertFalse(Files.exists(dir.resolve("results")));
        assertThrows(BadInputException.class, sweep::run, "a sweep is swept, not run");
    }

    @Test
    void sweepRunsEveryRunAndReportsTableAndStatuses() {
        Experiment sweep = small().set("train.epochs", 1).set("sweep", Map.of("seeds", List.of(1, 2)));

        SweepResults results = sweep.sweep();

        assertEquals(Map.of(Summary.COMPLETED, 2), results.statuses());
        assertTrue(results.allCompleted());
        assertEquals(2, results.table().size());
        assertEquals(List.of("completed", "completed"), results.table().stream().map(r -> r.text("status")).toList());
        assertEquals(dir.resolve("results").resolve("api-small"), results.dir());
        SweepResults reopened = Experiments.openSweep(results.dir());
        assertEquals(results.runs().get(1).runId(), reopened.runs().get(1).runId());
        assertEquals(1, reopened.runs().get(0).epochs().size());
    }

    @Test
    void aRunNotStartedIsPendingAndABadFileIsOneLine() {
        RunResults pending = Experiments.openRun(dir.resolve("results").resolve("x").resolve("0123456789ab"));
        assertEquals(Summary.PENDING, pending.status());
        assertEquals(List.of(), pending.epochs());

        BadInputException missing = assertThrows(BadInputException.class, () -> Experiments.load(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml") + ": file not found", missing.getMessage());
        BadInputException text = assertThrows(BadInputException.class, () -> Experiments.parse("- just\n- a list\n"));
        assertTrue(text.getMessage().startsWith("<text>: expected a mapping of spec fields"), text.getMessage());
    }
}
