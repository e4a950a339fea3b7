package djlab.report;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real adaptive sweep (TPE with ASHA on a few hundred MNIST images, a log-uniform, a uniform and a
 * choice field, two seeds): its optimisation history, curves, parallel coordinates, importance and ties, read back
 * against the runs' own files; and a sweep of too few trials, whose report says so instead of failing.
 */
class SearchReportTests {

    static final String SPEC = """
            name: search-report
            seed: 3
            data: {validation: 100, limit: {train: 300, test: 100}}
            model: {type: mlp, hidden: [16]}
            train:
              epochs: 3
              batch_size: 50
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 3
            sweep:
              search:
                type: tpe
                trials: 9
                startup: 4
                in_flight: 2
                space:
                  train.optimizer.lr: {log_uniform: [0.0005, 1]}
                  train.optimizer.momentum: {uniform: [0, 0.9]}
                  train.batch_size: {choice: [25, 50, 100]}
              objective: {metric: validate_accuracy}
              prune: {type: asha, min_epochs: 1, eta: 2}
              seeds: [1, 2]
            """;

    @TempDir
    static Path shared;

    static Path sweep;
    static String md;

    @BeforeAll
    static void sweepAndReport() throws IOException {
        Path results = shared.resolve("results");
        CliResult ran = djlab(withLocations(results, "sweep", write(shared, "search-report.yaml", SPEC).toString()));
        assertEquals(0, ran.exitCode(), ran.toString());
        sweep = results.resolve("search-report");
        CliResult report = djlab("report", sweep.toString());
        assertEquals(0, report.exitCode(), report.toString());
        md = Files.readString(sweep.resolve("report.md"));
    }

    private static Trials trials() {
        return Trials.read(sweep, Results.variants(Results.runsUnder(sweep), null)).orElseThrow();
    }

    @Test
    void showsTheFourPanelsInBothOutputs() throws IOException {
        String html = Files.readString(sweep.resolve("report.html"));
        assertTrue(html.contains("<h2 id=\"search\">Adaptive search</h2>"));
        assertTrue(md.contains("## Adaptive search"));
        for (String png : List.of("search-history.png", "search-curves.png", "search-parallel.png", "search-importance.png")) {
            assertTrue(Files.size(sweep.resolve("report").resolve(png)) > 2000, png);
            assertTrue(md.contains("](report/" + png + ")"), png);
        }
        assertTrue(md.contains("Optuna's MeanDecreaseImpurityImportanceEvaluator"), "the method is named");
        assertTrue(md.contains("Oracle Tribuo"), "the library is named");
    }

    @Test
    void aTrialsValueIsTheMeanOverItsSeedsWhereItStopped() {
        Trials t = trials();
        assertEquals(9, t.trials().size());
        assertEquals(List.of(1, 2), t.rungs());
        assertTrue(t.trials().stream().anyMatch(x -> x.status().equals(Trials.PRUNED)), "ASHA with eta 2 prunes");
        for (Trials.Trial x : t.trials()) {
            if (x.status().equals(Trials.PRUNED)) {
                // Its runs' epochs.csv end where the log says it was stopped, and its value is theirs there.
                assertEquals(x.stoppedAt(), x.curve().length, x.variant());
                assertEquals(x.curve()[x.stoppedAt() - 1], x.value(), 1e-6, x.variant());
            } else {
                assertEquals(Trials.COMPLETED, x.status(), x.variant());
                assertEquals(3, x.curve().length, x.variant());
                assertEquals(2, x.perSeed().length, x.variant());
                assertEquals(Arrays.stream(x.perSeed()).average().orElseThrow(), x.value(), 1e-6, x.variant());
            }
        }
    }

    @Test
    void theImportanceCoversEverySweptFieldAtTheDeepestSharedBudget() {
        Search s = Search.of(trials());
        assertEquals(Set.of("train.optimizer.lr", "train.optimizer.momentum", "train.batch_size"),
                Set.copyOf(s.importance().stream().map(Importance.Field::key).toList()));
        assertEquals(1.0, s.importance().stream().mapToDouble(Importance.Field::importance).sum(), 1e-9);
        // 9 trials all reach the first rung; fewer than 6 (two per field) reach the second.
        assertEquals(1, s.atEpoch());
        assertEquals(9, s.compared());
        assertEquals(Trials.Scale.LOG, s.trials().fields().get(0).scale());
        assertEquals(List.of("25", "50", "100"), s.trials().fields().get(2).choices());
    }

    @Test
    void saysWhichCompletedTrialsAreTiedWithTheBest() {
        Search s = Search.of(trials());
        assertFalse(s.ties().isEmpty());
        assertEquals("best", s.ties().get(0).verdict());
        for (Search.Tie tie : s.ties().subList(1, s.ties().size())) {
            assertTrue(Set.of("tied with the best", "worse than the best").contains(tie.verdict()), tie.verdict());
            assertTrue(tie.trial().value() <= s.ties().get(0).trial().value());
        }
        assertTrue(md.contains("### Tied with the best?"));
    }

    @Test
    void aFailedTrialIsNamedAndLeftOutOfTheComparisons() throws IOException {
        // A copy of the sweep in which trial 2's runs failed, as a diverged run leaves them.
        Path copy = shared.resolve("failed").resolve("search-report");
        try (java.util.stream.Stream<Path> files = Files.walk(sweep)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(sweep.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        List<String> log = Files.readAllLines(copy.resolve("decisions.jsonl")).stream()
                .map(l -> l.startsWith("{\"trial\":2,\"event\":\"finished\"")
                        ? l.replaceAll("\"status\":\"[a-z]+\"", "\"status\":\"failed\"").replaceAll(",\"value\":[0-9.eE-]+", "")
                        : l).toList();
        Files.write(copy.resolve("decisions.jsonl"), log);
        for (Path run : Results.runsUnder(copy).stream().filter(r -> r.variant().startsWith("trial=2,")).map(RunResult::dir).toList()) {
            Files.writeString(run.resolve("summary.json"), Files.readString(run.resolve("summary.json"))
                    .replaceAll("\"status\" : \"[a-z]+\"", "\"status\" : \"failed\""));
        }
        Trials t = Trials.read(copy, Results.variants(Results.runsUnder(copy), null)).orElseThrow();
        assertEquals(Trials.FAILED, t.trials().get(1).status());
        Search s = Search.of(t);
        assertTrue(s.historyNote().contains("Failed (no value): trial 2."), s.historyNote());
        assertEquals(8, s.compared(), "the other 8 trials at the first rung");
        assertTrue(s.ties().stream().noneMatch(x -> x.trial().number() == 2));
        CliResult report = djlab("report", copy.toString());
        assertEquals(0, report.exitCode(), report.toString());
    }

    @Test
    void aSweepOfTooFewTrialsSaysWhatItNeeds() throws IOException {
        Path results = shared.resolve("few");
        String spec = SPEC.replace("name: search-report", "name: search-few").replace("trials: 9", "trials: 3")
                .replace("startup: 4", "startup: 3");
        CliResult ran = djlab(withLocations(results, "sweep", write(shared, "search-few.yaml", spec).toString()));
        assertEquals(0, ran.exitCode(), ran.toString());
        CliResult report = djlab("report", results.resolve("search-few").toString());
        assertEquals(0, report.exitCode(), report.toString());
        String few = Files.readString(results.resolve("search-few").resolve("report.md"));
        assertTrue(few.contains("Importance not computed: it needs at least 6 finished trials"), few);
        assertFalse(Files.exists(results.resolve("search-few").resolve("report").resolve("search-importance.png")));
        assertTrue(few.contains("](report/search-history.png)"));
    }
}
