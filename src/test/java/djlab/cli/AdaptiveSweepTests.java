package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import djlab.spec.SweepSpec;
import djlab.sweep.search.TpeSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TPE sweep on real MNIST (tiny): each trial after the startup is the one the search proposes from the results
 * recorded before it; run again, killed with SIGKILL and restarted, run as two concurrent shards or with
 * {@code --parallel 2}, it trains the same trials with the same results as one uninterrupted process.
 */
class AdaptiveSweepTests {

    static final String SPEC = """
            name: tpe-tiny
            seed: 3
            data: {validation: 100, limit: {train: 400, test: 100}}
            model: {type: mlp, hidden: [16]}
            train:
              epochs: 1
              batch_size: 50
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 4
            sweep:
              search:
                type: tpe
                trials: 7
                startup: 2
                in_flight: 2
                space:
                  train.optimizer.lr: {log_uniform: [0.001, 1]}
                  train.optimizer.momentum: {uniform: [0, 0.95]}
              objective: {metric: validate_accuracy}
              seeds: [1, 2]
            """;

    @TempDir
    static Path shared;

    /** The uninterrupted sweep every other way of running it is compared with. */
    static Path reference;
    static CliResult first;

    @BeforeAll
    static void runOnce() {
        Path spec = write(shared, "tpe-tiny.yaml", SPEC);
        reference = shared.resolve("reference");
        first = djlab(withLocations(reference, "sweep", spec.toString()));
    }

    static List<String> decisions(Path results) throws java.io.IOException {
        return AdaptiveSweepFolder.decisions(results.resolve("tpe-tiny"));
    }

    static List<String> table(Path results) {
        return AdaptiveSweepFolder.table(results.resolve("tpe-tiny"));
    }

    @Test
    void everyTrialAfterTheStartupIsTheSearchsProposalFromTheResultsBeforeIt() {
        assertEquals(0, first.exitCode(), first::toString);
        List<String> rows = table(reference);
        assertEquals(14, rows.size(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.endsWith(" completed")), rows.toString());
        // Replay the search from the recorded results: it must propose exactly the trials that were trained.
        Map<String, SweepSpec.Distribution> space = new LinkedHashMap<>();
        space.put("train.optimizer.lr", new SweepSpec.Distribution(null, List.of(0.001, 1.0), null, null, null));
        space.put("train.optimizer.momentum", new SweepSpec.Distribution(List.of(0.0, 0.95), null, null, null, null));
        TpeSearch search = new TpeSearch(TpeSearch.space(space), 2, 2, 3);
        Map<Integer, Double> accuracy = meanAccuracyByTrial(reference);
        for (int k = 1; k <= 7; k++) {
            Map<String, JsonNode> p = search.point(k, j -> -accuracy.get(j));
            String label = "trial=" + k + ",lr=" + p.get("train.optimizer.lr").asText() + ",momentum="
                    + p.get("train.optimizer.momentum").asText() + ",seed=1";
            assertTrue(rows.stream().anyMatch(r -> r.startsWith(label + " ")), label + " in " + rows);
        }
        assertTrue(first.err().contains("[trial 7/7]") && first.err().contains("(tpe, from trials 1..5)"), first::toString);
        assertTrue(first.out().contains("best so far: trial "), first::toString);
        // A different history would have led elsewhere: the proposals do depend on the results.
        TpeSearch other = new TpeSearch(TpeSearch.space(space), 2, 2, 3);
        List<Map<String, JsonNode>> a = new ArrayList<>();
        List<Map<String, JsonNode>> b = new ArrayList<>();
        for (int k = 3; k <= 7; k++) {
            a.add(search.point(k, j -> -accuracy.get(j)));
            b.add(other.point(k, j -> accuracy.get(j)));
        }
        assertNotEquals(a, b);
    }

    private static Map<Integer, Double> meanAccuracyByTrial(Path results) {
        Csv csv = readCsv(results.resolve("tpe-tiny").resolve("summary.csv"));
        Map<Integer, Double> sum = new LinkedHashMap<>();
        for (int i = 0; i < csv.rows().size(); i++) {
            int trial = Integer.parseInt(csv.column("label").get(i).replaceAll("^trial=(\\d+),.*", "$1"));
            sum.merge(trial, Double.parseDouble(csv.column("final_validate_accuracy").get(i)) / 2, Double::sum);
        }
        return sum;
    }

    @Test
    void runAgainItTrainsNothingAndKeepsItsTrials() throws Exception {
        Path results = shared.resolve("again");
        Path spec = shared.resolve("tpe-tiny.yaml");
        assertEquals(0, djlab(withLocations(results, "sweep", spec.toString())).exitCode());
        CliResult again = djlab(withLocations(results, "sweep", spec.toString()));
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains(": 0 completed, 0 pruned, 14 skipped"), again::toString);
        assertEquals(table(reference), table(results));
        assertEquals(decisions(reference), decisions(results));
    }

    @Test
    void withParallelTwoItTrainsTheSameTrials() throws Exception {
        Path results = shared.resolve("parallel");
        CliResult r = djlab(withLocations(results, "sweep", shared.resolve("tpe-tiny.yaml").toString(), "--parallel", "2"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(table(reference), table(results));
        assertEquals(decisions(reference), decisions(results));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killedAndRestartedItTrainsTheSameTrials() throws Exception {
        Path results = shared.resolve("killed");
        Path summary = results.resolve("tpe-tiny").resolve("summary.csv");
        Process child = child(results, dir("killed.log"));
        try {
            // Killed once trial 3 (the first proposed by TPE) has a finished run: mid-way through the sweep.
            long deadline = System.currentTimeMillis() + 240_000;
            while (System.currentTimeMillis() < deadline && child.isAlive()
                    && !(Files.exists(summary) && Files.readString(summary).contains("trial=3,"))) {
                Thread.sleep(100);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertNotEquals(0, child.exitValue(), "the child must have been killed, not have finished");
        assertTrue(table(results).size() < 14, "killed before the end: " + table(results));
        CliResult resumed = djlab(withLocations(results, "sweep", shared.resolve("tpe-tiny.yaml").toString()));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertEquals(table(reference), table(results));
        assertEquals(decisions(reference), decisions(results));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoConcurrentShardsTrainTheSameTrialsEachOnce() throws Exception {
        Path results = shared.resolve("shards");
        Process a = child(results, dir("shard0.log"), "--shard", "0/2");
        Process b = child(results, dir("shard1.log"), "--shard", "1/2");
        try {
            assertTrue(a.waitFor(6, TimeUnit.MINUTES) && b.waitFor(1, TimeUnit.MINUTES), "shards did not finish");
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
        assertEquals(0, a.exitValue(), Files.readString(dir("shard0.log")));
        assertEquals(0, b.exitValue(), Files.readString(dir("shard1.log")));
        assertEquals(table(reference), table(results));
        assertEquals(decisions(reference), decisions(results));
        // Each run trained once: one attempt, one row per epoch.
        try (Stream<Path> runs = Files.list(results.resolve("tpe-tiny"))) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                assertTrue(readJson(run.resolve("summary.json")).path("resumed").asInt(0) == 0, run.toString());
                assertEquals(2, Files.readAllLines(run.resolve("epochs.csv")).size(), run.toString());
            }
        }
        String logs = Files.readString(dir("shard0.log")) + Files.readString(dir("shard1.log"));
        assertTrue(logs.contains("[trial 1/7]") && logs.contains("[trial 2/7]"), logs);
    }

    private static Path dir(String name) {
        return shared.resolve(name);
    }

    private static Process child(Path results, Path log, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("sweep", shared.resolve("tpe-tiny.yaml").toString(),
                "--results", results.toString(), "--data-dir", dataRoot().toString()));
        args.addAll(List.of(more));
        return startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1"), args.toArray(String[]::new));
    }
}
