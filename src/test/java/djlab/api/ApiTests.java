package djlab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import djlab.results.Lease;
import djlab.results.Metrics;
import djlab.results.RunFolder;
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
    void sweepRunsEveryRunAndReportsTableAndStatuses() throws Exception {
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

        Report report = reopened.report(TestSupport.dataRoot());
        assertEquals(2, report.runs());
        assertEquals(results.dir().resolve("report.html"), report.html());
        assertTrue(report.htmlBytes() > 0 && Files.size(report.html()) == report.htmlBytes());
        assertTrue(report.table().contains("seed"), report::table);
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

    @Test
    void aRunDoneBeforeIsSkippedAndOneHeldByAnotherProcessIsLeftToIt() {
        Experiment e = small().set("train.epochs", 1);
        RunResults first = e.run();
        assertTrue(first.completed());
        assertFalse(first.skipped());
        assertTrue(first.heldElsewhere().isEmpty());
        assertTrue(first.stoppedBy().isEmpty());

        Evaluation scored = Experiments.evaluate(first.dir(), TestSupport.dataRoot());
        assertEquals(first.metric(Metrics.TEST_ACCURACY).last(), scored.accuracy(), 1e-4);
        assertEquals(200, scored.count());
        assertTrue(scored.perHead().isEmpty(), "one head");

        RunResults again = e.run();
        assertTrue(again.skipped());
        assertTrue(again.completed());
        assertEquals(first.dir(), again.dir());

        Experiment other = e.set("seed", 5);
        Path folder = other.plan().runs().get(0).folder();
        Lease lease = Lease.acquire(folder.resolve(RunFolder.LOCK)).orElseThrow();
        try {
            RunResults held = other.run();
            assertTrue(held.heldElsewhere().orElseThrow().contains("pid " + ProcessHandle.current().pid()),
                    held.heldElsewhere()::toString);
            assertEquals(Summary.RUNNING, held.status());
            assertFalse(held.skipped());
            assertTrue(held.summary().isEmpty());
        } finally {
            lease.release();
        }
        assertEquals(Summary.INTERRUPTED, Experiments.openRun(folder).status(), "left with no summary");
    }

    @Test
    void aPlanSelectsByShardAndLabelAndASweepTallysAndShowsItsProgress() {
        Experiment sweep = small().set("train.epochs", 1).set("sweep", Map.of("seeds", List.of(1, 2, 3, 4)));

        Plan plan = sweep.plan();
        assertTrue(plan.isSweep());
        assertTrue(plan.adaptive().isEmpty());
        assertEquals(4, plan.runs().size());
        assertEquals(0, plan.done());
        assertTrue(plan.describeFirstRun().contains("# architecture"), plan::describeFirstRun);
        List<String> labels = plan.runs().stream().map(PlannedRun::label).toList();
        assertEquals(List.of(labels.get(0), labels.get(2)), labels(sweep.shard(0, 2)));
        assertEquals(List.of(labels.get(1)), labels(sweep.only(labels.get(1))));
        BadInputException none = assertThrows(BadInputException.class, () -> sweep.only("nothing*").plan());
        assertTrue(none.getMessage().startsWith("--only: expected a pattern matching some run's label"), none::getMessage);

        SweepResults ran = sweep.only(labels.get(1)).sweep();
        assertEquals(new Tally(1, 0, 0, 0, 0), ran.tally().orElseThrow());
        assertEquals(1, sweep.plan().done());
        assertEquals(new Tally(0, 0, 1, 0, 0), sweep.only(labels.get(1)).sweep().tally().orElseThrow());
        assertTrue(Experiments.openSweep(ran.dir()).tally().isEmpty(), "only a sweep() call knows its tally");

        SweepResults.Progress progress = Experiments.openSweep(ran.dir()).progress();
        assertEquals(4, progress.planned());
        assertEquals(List.of("done", "failed", "running", "interrupted", "pending"),
                List.copyOf(progress.counts().keySet()), "pruned only when some are");
        assertEquals(1, progress.counts().get("done"));
        assertEquals(3, progress.counts().get("pending"));
        assertTrue(progress.runs().stream().noneMatch(SweepResults.RunState::needsAttention));
        BadInputException notASweep = assertThrows(BadInputException.class,
                () -> Experiments.openSweep(dir.resolve("nothing")).progress());
        assertTrue(notASweep.getMessage().contains("not a sweep folder"), notASweep::getMessage);
    }

    private static List<String> labels(Experiment e) {
        return e.plan().runs().stream().map(PlannedRun::label).toList();
    }
}
