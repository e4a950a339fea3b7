package djlab.bench;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import djlab.TestSupport.CliResult;
import djlab.spec.SpecFiles;
import djlab.results.RunFolder;
import djlab.results.Summary;
import djlab.spec.SweepSpec;
import djlab.sweep.AdaptiveRules;
import djlab.sweep.EpochCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code djlab bench replay} on a generated grid sweep whose answer is known: 7 learning rates x 3 momenta x 2 batch
 * sizes, 2 seeds, 9 epochs, the best point at lr 0.03, momentum 0.9, batch 32.
 */
class ReplayTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] LRS = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0};
    private static final double[] MOMENTA = {0, 0.5, 0.9};
    private static final int[] BATCHES = {32, 128};
    /** Seed 1 is this much above a point's mean, seed 2 this much below. */
    private static final double SPREAD = 0.004;

    private static final String SPEC = """
            name: g
            train: {epochs: 9}
            sweep:
              search:
                type: tpe
                trials: 30
                startup: 5
                space:
                  train.optimizer.lr: {log_uniform: [0.001, 1]}
                  train.optimizer.momentum: {uniform: [0, 0.9]}
                  train.batch_size: {choice: [32, 128]}
              objective: {metric: validate_accuracy, mode: max}
              prune: {type: asha, min_epochs: 1, eta: 3}
            """;

    /** A point's mean accuracy at an epoch: the best final value 0.95, at lr 0.03, momentum 0.9, batch 32. */
    static double accuracy(double lr, double momentum, int batch, int epoch) {
        double d = Math.log10(lr / 0.03);
        double quality = 0.95 - 0.08 * d * d - 0.05 * (0.9 - momentum) - (batch == 32 ? 0 : 0.03);
        return 0.1 + (quality - 0.1) * (1 - Math.exp(-0.6 * epoch));
    }

    /** A finished grid sweep's folder as DJLab writes it (the parts a replay reads). */
    static Path grid(Path dir) {
        Path sweep = dir.resolve("g");
        int n = 0;
        for (double lr : LRS) {
            for (double m : MOMENTA) {
                for (int b : BATCHES) {
                    for (int seed = 1; seed <= 2; seed++) {
                        Path run = sweep.resolve(String.format("run%03d", ++n));
                        write(run, "spec.yaml", "train:\n  epochs: 9\n");
                        StringBuilder csv = new StringBuilder("epoch,validate_accuracy\n");
                        for (int e = 1; e <= 9; e++) {
                            csv.append(e).append(',').append(accuracy(lr, m, b, e) + (seed == 1 ? SPREAD : -SPREAD)).append('\n');
                        }
                        write(run, "epochs.csv", csv.toString());
                        write(run, "summary.json", String.format(Locale.ROOT, """
                                {"name": "g", "run_id": "run%03d", "status": "completed", "epochs_completed": 9, "seed": %d,
                                 "iterations": 0, "wall_seconds": 0, "train_seconds": 0, "images_per_second": 0,
                                 "values": {"train.optimizer.lr": %s, "train.optimizer.momentum": %s, "train.batch_size": %d, "seed": %d}}
                                """, n, seed, lr, m, b, seed));
                    }
                }
            }
        }
        return sweep;
    }

    static SweepSpec sweep(Path dir) {
        Path spec = write(dir, "spec.yaml", SPEC);
        JsonNode node = SpecFiles.read(spec, List.of()).get("sweep");
        return Replay.withInFlight(SpecFiles.convert(spec.toString(), node, SweepSpec.class, "sweep."), 1);
    }

    static ReplayTable table(Path dir) {
        return ReplayTable.read(grid(dir), "validate_accuracy", true, null);
    }

    private static Map<String, JsonNode> point(double lr, double momentum, int batch) {
        Map<String, JsonNode> p = new LinkedHashMap<>();
        p.put("train.optimizer.lr", DoubleNode.valueOf(lr));
        p.put("train.optimizer.momentum", DoubleNode.valueOf(momentum));
        p.put("train.batch_size", IntNode.valueOf(batch));
        return p;
    }

    @Test
    void theTableIsTheMeanOverSeedsAndRegretIsMeasuredFromTheBestPoint(@TempDir Path dir) {
        ReplayTable table = table(dir);

        assertEquals(42, table.rows().size());
        assertEquals(2, table.seeds());
        assertEquals(9, table.epochs());
        assertEquals(42 * 2 * 9, table.gridEpochs());
        ReplayTable.Row best = table.best();
        assertEquals(0.03, best.values().get("train.optimizer.lr").asDouble());
        assertEquals(0.9, best.values().get("train.optimizer.momentum").asDouble());
        assertEquals(32, best.values().get("train.batch_size").asInt());
        assertEquals(accuracy(0.03, 0.9, 32, 9), best.last(), 1e-6, "the mean of +spread and -spread");
        assertEquals(accuracy(0.03, 0.9, 32, 4), best.curve()[3], 1e-6);
        assertEquals(SPREAD * Math.sqrt(2), best.finalSd(), 1e-6, "the sd over seeds of the last value");
        assertEquals(0, table.regret(best), 1e-12);
        ReplayTable.Row other = table.nearest(point(1.0, 0, 128), sweep(dir).search().space());
        assertEquals(accuracy(0.03, 0.9, 32, 9) - accuracy(1.0, 0, 128, 9), table.regret(other), 1e-6);
    }

    @Test
    void aProposalIsReadAtTheNearestGridPointOnItsOwnScale(@TempDir Path dir) {
        ReplayTable table = table(dir);
        Map<String, SweepSpec.Distribution> space = sweep(dir).search().space();

        ReplayTable.Row r = table.nearest(point(0.006, 0.6, 128), space);

        // 0.006 is nearer 0.003 on a linear scale, nearer 0.01 on the log scale of a log_uniform field.
        assertEquals(0.01, r.values().get("train.optimizer.lr").asDouble());
        assertEquals(0.5, r.values().get("train.optimizer.momentum").asDouble());
        assertEquals(128, r.values().get("train.batch_size").asInt());
        assertEquals(accuracy(0.01, 0.5, 128, 9), r.last(), 1e-6);
    }

    @Test
    void withBudgetEnoughEverySearchFindsTheBestPoint(@TempDir Path dir) {
        ReplayTable table = table(dir);
        Replay replay = new Replay(table, sweep(dir));
        int tpeFound = 0;
        for (long seed = 1; seed <= 10; seed++) {
            Replay.Outcome tpe = replay.tpe(table.gridEpochs(), seed);
            Replay.Outcome random = replay.random(5 * table.gridEpochs(), seed);
            assertEquals(0, random.regret(), 1e-12, random.toString());
            if (tpe.regret() == 0) {
                tpeFound++;
                assertEquals(0.03, tpe.found().get("train.optimizer.lr").asDouble());
            }
            assertTrue(tpe.regret() <= 0.02 + 1e-9, "at worst one momentum step from the best: " + tpe);
        }
        // TPE exploits: at the grid's budget it finds the very best point in most searches, not in every one.
        assertTrue(tpeFound >= 7, tpeFound + " of 10");
    }

    @Test
    void theBudgetCountsEpochsTimesSeedsAndIsNeverExceeded(@TempDir Path dir) {
        ReplayTable table = table(dir);
        Replay replay = new Replay(table, sweep(dir));
        for (long budget : new long[] {17, 18, 100, 333}) {
            Replay.Outcome tpe = replay.tpe(budget, 3);
            Replay.Outcome random = replay.random(budget, 3);
            assertTrue(tpe.epochsUsed() <= budget && tpe.epochsUsed() % 2 == 0, tpe.toString());
            assertEquals(budget / 18 * 18, random.epochsUsed(), "whole trials of 9 epochs x 2 seeds: " + random);
            assertEquals(budget / 18, random.trials());
        }
        Replay.Outcome tpe = replay.tpe(300, 3);
        assertTrue(tpe.completed() < tpe.trials(), "asha stops weak trials early: " + tpe);
        assertTrue(tpe.trials() > 300 / 18, "so more trials fit in the budget than random search's: " + tpe);
    }

    @Test
    void aSeedReplaysTheSameSearchAndOtherSeedsOthers(@TempDir Path dir) {
        ReplayTable table = table(dir);
        Replay replay = new Replay(table, sweep(dir));

        assertEquals(replay.tpe(200, 7), new Replay(table, sweep(dir)).tpe(200, 7));
        assertEquals(replay.random(200, 7), replay.random(200, 7));
        Set<String> searches = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            Replay.Outcome o = replay.tpe(200, seed);
            searches.add(o.found() + " " + o.epochsUsed() + " " + o.trials());
        }
        assertTrue(searches.size() > 1, "ten seeds, one search: " + searches);
    }

    @Test
    void tpeWithAshaBeatsRandomSearchAtTheSameBudget(@TempDir Path dir) {
        ReplayTable table = table(dir);
        Replay replay = new Replay(table, sweep(dir));
        double tpe = 0;
        double random = 0;
        for (long seed = 1; seed <= 20; seed++) {
            tpe += replay.tpe(150, seed).regret() / 20;
            random += replay.random(150, seed).regret() / 20;
        }
        assertTrue(tpe < random, "mean regret: tpe+asha " + tpe + ", random " + random);
    }

    @Test
    void theSetupReadsTheSpecsSweepAndTurnsFractionsOfTheGridIntoEpochs(@TempDir Path dir) throws Exception {
        Path sweep = grid(dir);
        Path spec = write(dir, "spec.yaml", SPEC);

        ReplaySetup setup = ReplaySetup.prepare(sweep, spec, List.of("sweep.search.startup=3"), 2, List.of(0.2, 300.0, 0.999));

        assertEquals(List.of(151L, 300L, 755L), setup.budgets(), "fractions of the grid's 756 epochs, rounded down");
        assertEquals(2, setup.sweep().search().inFlight());
        assertEquals(3, setup.sweep().search().startup(), "--set applies");
        assertEquals(0, setup.leftOut());
        assertEquals(String.format(Locale.ROOT, "table: 42 points x 2 seeds x 9 epochs = 756 epochs; best lr=0.03,"
                + "momentum=0.9,batch_size=32: validate_accuracy %.4f (sd %.4f over seeds)", accuracy(0.03, 0.9, 32, 9),
                SPREAD * Math.sqrt(2)), setup.description());
        List<Replay.Outcome> searches = setup.searches(2);
        assertEquals(List.of("151 djlab-tpe+asha 1", "151 djlab-tpe+asha 2", "151 djlab-random 1", "151 djlab-random 2"),
                searches.subList(0, 4).stream().map(o -> o.budget() + " " + o.method() + " " + o.seed()).toList());
        assertEquals(3 * 2 * 2, searches.size());
        assertEquals(3 * 2, setup.summary(searches).size(), "one row per budget and method");

        // A point one of whose seeds has not ended is left out, and said so.
        Files.delete(sweep.resolve("run084").resolve("summary.json"));
        ReplaySetup partial = ReplaySetup.prepare(sweep, spec, List.of(), 1, List.of(0.5));
        assertEquals(1, partial.leftOut());
        assertEquals(41, partial.table().rows().size());
        assertTrue(partial.description().startsWith("table: 41 points x 2 seeds x 9 epochs = 738 epochs (1 points left out: "
                + "not every seed has ended); best lr=0.03,"), partial.description());
    }

    @Test
    void theCommandPrintsEverySearchAndOneRowPerMethodAndBudget(@TempDir Path dir) throws Exception {
        Path sweep = grid(dir);
        Path spec = write(dir, "spec.yaml", SPEC);

        CliResult r = djlab("bench", "replay", sweep.toString(), "--spec", spec.toString(), "--budget", "0.2,300",
                "--repeats", "3", "--json");

        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> lines = r.out().lines().filter(l -> l.startsWith("{")).map(ReplayTests::json).toList();
        List<JsonNode> searches = lines.stream().filter(l -> l.has("seed")).toList();
        List<JsonNode> rows = lines.stream().filter(l -> l.has("mean_regret")).toList();
        assertEquals(2 * 2 * 3, searches.size(), r.out());
        assertEquals(Set.of("djlab-tpe+asha", "djlab-random"), rows.stream().map(l -> l.get("method").asText()).collect(Collectors.toSet()));
        assertEquals(Set.of(151L, 300L), rows.stream().map(l -> l.get("budget").asLong()).collect(Collectors.toSet()),
                "0.2 of the grid's 756 epochs, and 300 epochs");
        for (JsonNode row : rows) {
            double mean = searches.stream().filter(s -> s.get("method").equals(row.get("method")) && s.get("budget").equals(row.get("budget")))
                    .mapToDouble(s -> s.get("regret").asDouble()).average().orElseThrow();
            assertEquals(mean, row.get("mean_regret").asDouble(), 1e-12);
        }
        assertTrue(r.err().contains("best train.optimizer.lr=0.03") || r.err().contains("best lr=0.03"), r.err());
    }

    @Test
    void aSpecThatIsNotATpeSweepOverTheGridsFieldsIsBadInput(@TempDir Path dir) {
        Path sweep = grid(dir);
        Path grid = write(dir, "grid.yaml", "name: g\ntrain: {epochs: 9}\nsweep:\n  grid: {train.optimizer.lr: [0.1, 1]}\n");
        Path other = write(dir, "other.yaml", SPEC.replace("train.batch_size: {choice: [32, 128]}", "train.batch_size: {choice: [32, 64]}"));
        Path epochs = write(dir, "epochs.yaml", SPEC.replace("train: {epochs: 9}", "train: {epochs: 5}"));

        for (Path spec : List.of(grid, other, epochs)) {
            CliResult r = djlab("bench", "replay", sweep.toString(), "--spec", spec.toString());
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().startsWith("error: " + spec), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.out().isBlank(), r.out());
        }
        CliResult missing = djlab("bench", "replay", dir.resolve("nothing").toString(), "--spec", grid.toString());
        assertEquals(2, missing.exitCode(), missing.toString());
    }

    @Test
    void optunasReplayReadsTheSameTableAndSpendsTheSameBudget(@TempDir Path dir) throws Exception {
        assumeTrue(hasOptuna(), "/usr/bin/python3 with Optuna (Debian: python3-optuna)");
        Path sweep = grid(dir);
        Path spec = write(dir, "spec.yaml", SPEC);

        CliResult r = djlab("bench", "replay", sweep.toString(), "--spec", spec.toString(), "--budget", "300,50",
                "--repeats", "2", "--json", "--optuna", Path.of("scripts/optuna_replay.py").toString(),
                "--python", "/usr/bin/python3", "--export", dir.resolve("table.csv").toString());

        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> searches = r.out().lines().filter(l -> l.startsWith("{")).map(ReplayTests::json)
                .filter(l -> l.has("seed")).toList();
        assertEquals(Set.of("djlab-tpe+asha", "djlab-random", "optuna-tpe+sha", "optuna-random"),
                searches.stream().map(l -> l.get("method").asText()).collect(Collectors.toSet()));
        for (JsonNode s : searches) {
            assertTrue(s.get("epochs_used").asLong() <= s.get("budget").asLong(), s.toString());
            if (s.get("method").asText().equals("optuna-random") && s.get("budget").asLong() == 50) {
                assertEquals(36, s.get("epochs_used").asLong(), "two whole trials of 9 epochs x 2 seeds fit in 50: " + s);
            }
            JsonNode found = s.get("found");
            double foundAccuracy = accuracy(found.get("train.optimizer.lr").asDouble(),
                    found.get("train.optimizer.momentum").asDouble(), found.get("train.batch_size").asInt(), 9);
            assertEquals(accuracy(0.03, 0.9, 32, 9) - foundAccuracy, s.get("regret").asDouble(), 1e-6,
                    "the regret of the point found, from the same table: " + s);
        }
        List<String> csv = Files.readAllLines(dir.resolve("table.csv"));
        assertEquals("train.optimizer.lr,train.optimizer.momentum,train.batch_size,epoch,validate_accuracy,"
                + "validate_accuracy_final_sd,seeds", csv.get(0));
        assertEquals(1 + 42 * 9, csv.size());
    }

    @Test
    void theRulesTheReplayDecidesWithReproduceARealSweepsDecisionsFromItsCurves(@TempDir Path dir) throws Exception {
        Path spec = write(dir, "tiny.yaml", """
                name: tiny
                seed: 5
                data: {validation: 100, limit: {train: 400, test: 100}}
                model: {type: mlp, hidden: [16]}
                train: {epochs: 4, batch_size: 50, optimizer: {type: sgd, lr: 0.1, momentum: 0.9}, log_every: 4}
                sweep:
                  search:
                    type: tpe
                    trials: 8
                    startup: 3
                    in_flight: 2
                    space:
                      train.optimizer.lr: {log_uniform: [0.0005, 1]}
                      train.optimizer.momentum: {uniform: [0, 0.95]}
                  prune: {type: asha, min_epochs: 1, eta: 2}
                  seeds: [1, 2]
                """);
        CliResult run = djlab("sweep", spec.toString(), "--results", dir.resolve("results").toString(), "--data-dir",
                dataRoot().toString());
        assertEquals(0, run.exitCode(), run.toString());
        Path sweepDir = dir.resolve("results").resolve("tiny");
        Map<Integer, List<RunFolder>> trials = new TreeMap<>();
        try (var dirs = Files.list(sweepDir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Summary s = new RunFolder(d).summary().orElseThrow();
                int k = Integer.parseInt(s.label().substring("trial=".length(), s.label().indexOf(',')));
                trials.computeIfAbsent(k, x -> new ArrayList<>()).add(new RunFolder(d));
            }
        }
        // Seed order, as the sweep sums them.
        trials.values().forEach(l -> l.sort(Comparator.comparingLong(r -> r.summary().orElseThrow().seed())));
        java.util.function.IntFunction<double[]> curve = j -> {
            List<RunFolder> runs = trials.get(j);
            double[] mean = null;
            for (RunFolder r : runs) {
                double[] c = EpochCurves.column(r.dir().resolve(RunFolder.EPOCHS), "validate_accuracy");
                double[] sum = new double[mean == null ? c.length : Math.min(mean.length, c.length)];
                for (int e = 0; e < sum.length; e++) sum[e] = (mean == null ? 0 : mean[e]) + c[e];
                mean = sum;
            }
            for (int e = 0; e < mean.length; e++) mean[e] /= runs.size();
            return mean;
        };
        java.util.function.IntFunction<Double> result = j -> {
            double sum = 0;
            for (RunFolder r : trials.get(j)) {
                Summary s = r.summary().orElseThrow();
                sum += s.completed() ? s.metrics().get("validate_accuracy").last() : Double.NaN;
            }
            return sum / trials.get(j).size();
        };
        AdaptiveRules rules = AdaptiveRules.of(sweepOf(spec), 5);

        int proposals = 0;
        int rungs = 0;
        int pruned = 0;
        for (String line : Files.readAllLines(sweepDir.resolve("decisions.jsonl"))) {
            JsonNode d = json(line);
            int k = d.get("trial").asInt();
            if (d.get("event").asText().equals("proposed")) {
                assertEquals(d.get("values"), JSON.valueToTree(rules.point(k, result)), "trial " + k);
                proposals++;
            } else if (d.get("event").asText().equals("rung")) {
                int epoch = d.get("epoch").asInt();
                double[] mine = java.util.Arrays.copyOf(curve.apply(k), epoch);
                boolean goOn = rules.judge(k, epoch, j -> j == k ? mine : curve.apply(j)).goOn();
                assertEquals(d.get("decision").asText().equals("go on"), goOn, line);
                rungs++;
                if (!goOn) pruned++;
            }
        }
        assertEquals(8, proposals);
        assertTrue(rungs >= 8 && pruned >= 1, rungs + " rung decisions, " + pruned + " pruned");
    }

    private static SweepSpec sweepOf(Path spec) {
        JsonNode node = SpecFiles.read(spec, List.of()).get("sweep");
        return SpecFiles.convert(spec.toString(), node, SweepSpec.class, "sweep.");
    }

    private static boolean hasOptuna() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import optuna").start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
