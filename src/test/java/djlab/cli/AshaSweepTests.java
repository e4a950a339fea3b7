package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import djlab.sweep.prune.Asha;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TPE with ASHA on real MNIST (tiny): trials are stopped at the rungs exactly where the rule says, from the
 * curves of the trials before them; a pruned run is recorded as such with its curves; a promoted run continues
 * from its checkpoint to the same curves as a run never paused; killed and restarted, with --parallel 2 or as two
 * concurrent shards the sweep makes the same decisions.
 */
class AshaSweepTests {

    static final String SPEC = """
            name: asha-tiny
            seed: 5
            data: {validation: 100, limit: {train: 400, test: 100}}
            model: {type: mlp, hidden: [16]}
            train:
              epochs: 4
              batch_size: 50
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 4
            sweep:
              search:
                type: tpe
                trials: 8
                startup: 3
                in_flight: 2
                space:
                  train.optimizer.lr: {log_uniform: [0.0005, 1]}
                  train.optimizer.momentum: {uniform: [0, 0.95]}
              objective: {metric: validate_accuracy}
              prune: {type: asha, min_epochs: 1, eta: 2}
              seeds: [1, 2]
            """;
    static final int EPOCHS = 4;

    @TempDir
    static Path shared;

    static Path reference;
    static CliResult first;

    @BeforeAll
    static void runOnce() {
        Path spec = write(shared, "asha-tiny.yaml", SPEC);
        reference = shared.resolve("reference");
        first = djlab(withLocations(reference, "sweep", spec.toString()));
    }

    static List<String> decisions(Path results) throws java.io.IOException {
        return AdaptiveSweepFolder.decisions(results.resolve("asha-tiny"));
    }

    static List<String> table(Path results) {
        return AdaptiveSweepFolder.table(results.resolve("asha-tiny"));
    }

    /** Trial number -> its two runs' folders, from summary.csv. */
    private static Map<Integer, List<Path>> trials(Path results) {
        Csv csv = readCsv(results.resolve("asha-tiny").resolve("summary.csv"));
        Map<Integer, List<Path>> trials = new java.util.TreeMap<>();
        for (int i = 0; i < csv.rows().size(); i++) {
            int trial = Integer.parseInt(csv.column("label").get(i).replaceAll("^trial=(\\d+),.*", "$1"));
            trials.computeIfAbsent(trial, t -> new ArrayList<>()).add(results.resolve("asha-tiny").resolve(csv.column("run_id").get(i)));
        }
        return trials;
    }

    private static double[] meanCurve(List<Path> runs) throws Exception {
        double[] sum = null;
        for (Path run : runs) {
            Csv epochs = readCsv(run.resolve("epochs.csv"));
            List<Double> v = epochs.numbers("validate_accuracy");
            if (sum == null) sum = new double[v.size()];
            assertEquals(sum.length, v.size(), "both seeds stop at the same epoch: " + run);
            for (int e = 0; e < v.size(); e++) sum[e] += v.get(e) / runs.size();
        }
        return sum;
    }

    @Test
    void trialsStopAtTheRungsExactlyWhereAshaSaysFromTheCurvesBeforeThem() throws Exception {
        assertEquals(0, first.exitCode(), first::toString);
        Map<Integer, List<Path>> trials = trials(reference);
        assertEquals(8, trials.size(), trials.toString());
        Asha asha = new Asha(1, 2);
        Map<Integer, double[]> curves = new LinkedHashMap<>();
        int pruned = 0;
        int completed = 0;
        for (Map.Entry<Integer, List<Path>> t : trials.entrySet()) {
            int k = t.getKey();
            double[] curve = meanCurve(t.getValue());
            curves.put(k, curve);
            List<double[]> earlier = new ArrayList<>();
            for (int j = 1; j <= k - 2; j++) earlier.add(curves.get(j));
            Integer expectedStop = null;
            for (int epoch : asha.checkpoints(EPOCHS)) {
                if (!asha.decide(epoch, curve, earlier, true).goOn()) {
                    expectedStop = epoch;
                    break;
                }
            }
            for (Path run : t.getValue()) {
                JsonNode summary = readJson(run.resolve("summary.json"));
                if (expectedStop == null) {
                    assertEquals("completed", summary.path("status").asText(), run + " of trial " + k);
                    assertEquals(EPOCHS, curve.length);
                    assertFalse(Files.exists(run.resolve("checkpoint.bin")));
                } else {
                    assertEquals("pruned", summary.path("status").asText(), run + " of trial " + k);
                    assertEquals(expectedStop, summary.path("pruned").path("epoch").asInt(), summary.toString());
                    assertEquals(asha.checkpoints(EPOCHS).indexOf(expectedStop), summary.path("pruned").path("rung").asInt());
                    assertEquals("asha", summary.path("pruned").path("rule").asText());
                    assertTrue(summary.path("pruned").path("reason").asText().startsWith("rank "), summary.toString());
                    assertEquals((int) expectedStop, curve.length, "the curves stop where the trial was pruned");
                    assertFalse(Files.exists(run.resolve("checkpoint.bin")), "a pruned run's checkpoint is removed");
                }
            }
            if (expectedStop == null) completed++;
            else pruned++;
        }
        assertTrue(pruned >= 2 && completed >= 1, pruned + " pruned, " + completed + " completed");
        assertTrue(first.out().contains(2 * completed + " completed, " + 2 * pruned + " pruned"), first::toString);
        CliResult status = djlab("status", reference.resolve("asha-tiny").toString());
        assertTrue(status.out().lines().findFirst().orElseThrow().endsWith((2 * pruned) + " pruned"), status::toString);
        // status lists each trial from the decision log: its state, where it was pruned, the best so far.
        List<String> trialLines = status.out().lines().filter(l -> l.startsWith("  trial ")).toList();
        assertEquals(8, trialLines.size(), status::toString);
        assertEquals(pruned, trialLines.stream().filter(l -> l.matches("  trial \\d+ +pruned at rung \\d \\(epoch \\d\\).*")).count(),
                status::toString);
        assertEquals(completed, trialLines.stream().filter(l -> l.matches("  trial \\d+ +completed.*")).count(), status::toString);
        assertTrue(trialLines.get(7).contains("best so far "), status::toString);
        // Every trial proposed once, judged once per rung it reached, finished once.
        List<String> log = decisions(reference);
        assertEquals(8, log.stream().filter(l -> l.contains("\"event\":\"proposed\"")).count(), log.toString());
        assertEquals(8, log.stream().filter(l -> l.contains("\"event\":\"finished\"")).count(), log.toString());
    }

    @Test
    void aPromotedTrialContinuesToTheCurvesOfARunNeverPaused() throws Exception {
        Path run = null;
        for (List<Path> runs : trials(reference).values()) {
            if (readJson(runs.get(0).resolve("summary.json")).path("status").asText().equals("completed")
                    && readJson(runs.get(0).resolve("summary.json")).path("resumed").asInt() >= 1) {
                run = runs.get(0);
                break;
            }
        }
        assertTrue(run != null, "a trial was paused at a rung and went on to the end");
        Path alone = shared.resolve("alone");
        CliResult plain = djlab(withLocations(alone, "run", run.resolve("spec.yaml").toString()));
        assertEquals(0, plain.exitCode(), plain::toString);
        Path same = alone.resolve("asha-tiny").resolve(run.getFileName());
        assertTrue(Files.isDirectory(same), "the same run id: " + plain);
        for (String column : List.of("train_loss", "validate_loss", "validate_accuracy", "test_accuracy")) {
            assertEquals(readCsv(run.resolve("epochs.csv")).column(column), readCsv(same.resolve("epochs.csv")).column(column), column);
        }
    }

    @Test
    void withParallelTwoItMakesTheSameDecisions() throws Exception {
        Path results = shared.resolve("parallel");
        CliResult r = djlab(withLocations(results, "sweep", shared.resolve("asha-tiny.yaml").toString(), "--parallel", "2"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(table(reference), table(results));
        assertEquals(decisions(reference), decisions(results));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killedAtAnyPointAndRestartedItMakesTheSameDecisions() throws Exception {
        // Killed twice: once early (a startup trial mid-rung), once later (after a pruning decision).
        Path results = shared.resolve("killed");
        Path sweep = results.resolve("asha-tiny");
        for (String after : List.of("trial=2,", "trial=5,")) {
            Process child = child(results, shared.resolve("killed.log"));
            try {
                long deadline = System.currentTimeMillis() + 240_000;
                while (System.currentTimeMillis() < deadline && child.isAlive() && !(Files.exists(sweep.resolve("summary.csv"))
                        && Files.readString(sweep.resolve("summary.csv")).contains(after))) {
                    Thread.sleep(50);
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(60, TimeUnit.SECONDS);
            }
            assertNotEquals(0, child.exitValue(), "killed, not finished");
        }
        CliResult resumed = djlab(withLocations(results, "sweep", shared.resolve("asha-tiny.yaml").toString()));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertEquals(table(reference), table(results));
        assertEquals(decisions(reference), decisions(results));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoConcurrentShardsMakeTheSameDecisions() throws Exception {
        Path results = shared.resolve("shards");
        Process a = child(results, shared.resolve("shard0.log"), "--shard", "0/2");
        Process b = child(results, shared.resolve("shard1.log"), "--shard", "1/2");
        try {
            assertTrue(a.waitFor(6, TimeUnit.MINUTES) && b.waitFor(1, TimeUnit.MINUTES), "shards did not finish");
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
        assertEquals(0, a.exitValue(), Files.readString(shared.resolve("shard0.log")));
        assertEquals(0, b.exitValue(), Files.readString(shared.resolve("shard1.log")));
        assertEquals(table(reference), table(results));
        assertEquals(decisions(reference), decisions(results));
    }

    private static Process child(Path results, Path log, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("sweep", shared.resolve("asha-tiny.yaml").toString(),
                "--results", results.toString(), "--data-dir", dataRoot().toString()));
        args.addAll(List.of(more));
        return startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1"), args.toArray(String[]::new));
    }
}
