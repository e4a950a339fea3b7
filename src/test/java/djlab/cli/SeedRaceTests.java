package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed racing ({@code seeds: {min, max}}) in a real TPE sweep on tiny MNIST: every trial gets min seeds and one more
 * at a time only while the 95% interval of its mean overlaps the best earlier trial's, each race logged and
 * recomputed here from the runs' own final values; with --parallel 2, as two concurrent shards and killed and
 * restarted, the sweep races alike.
 */
class SeedRaceTests {

    static final String SPEC = """
            name: race-tiny
            seed: 5
            data: {validation: 100, limit: {train: 300, test: 100}}
            model: {type: mlp, hidden: [16]}
            train:
              epochs: 2
              batch_size: 50
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 4
            sweep:
              search:
                type: tpe
                trials: 6
                startup: 3
                in_flight: 2
                space:
                  train.optimizer.lr: {log_uniform: [0.0005, 1]}
                  train.optimizer.momentum: {uniform: [0, 0.95]}
              objective: {metric: validate_accuracy}
              seeds: {min: 2, max: 4}
            """;
    static final int MIN = 2;
    static final int MAX = 4;
    static final int IN_FLIGHT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static Path reference;

    @BeforeAll
    static void runOnce() {
        write(shared, "race-tiny.yaml", SPEC);
        reference = shared.resolve("reference");
        CliResult r = djlab(withLocations(reference, "sweep", shared.resolve("race-tiny.yaml").toString()));
        assertEquals(0, r.exitCode(), r::toString);
    }

    /** Trial -> its runs' final validation accuracy, by seed. */
    private static Map<Integer, Map<Long, Double>> finals(Path results) {
        Csv csv = readCsv(results.resolve("race-tiny").resolve("summary.csv"));
        Map<Integer, Map<Long, Double>> out = new TreeMap<>();
        for (int i = 0; i < csv.rows().size(); i++) {
            String label = csv.column("label").get(i);
            int trial = Integer.parseInt(label.replaceAll("^trial=(\\d+),.*", "$1"));
            long seed = Long.parseLong(label.replaceAll(".*,seed=(\\d+)$", "$1"));
            assertEquals("completed", csv.column("status").get(i), label);
            out.computeIfAbsent(trial, t -> new TreeMap<>()).put(seed, Double.parseDouble(csv.column("final_validate_accuracy").get(i)));
        }
        return out;
    }

    /** Student's t 95% interval of the mean of the first n seeds' values: {low, high}. */
    private static double[] interval(Map<Long, Double> bySeed, int n) {
        double[] v = bySeed.values().stream().limit(n).mapToDouble(Double::doubleValue).toArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new double[] {mean - half, mean + half};
    }

    @Test
    void aTrialGetsAnotherSeedOnlyWhileItsIntervalOverlapsTheBestEarlierTrials() throws Exception {
        Map<Integer, Map<Long, Double>> finals = finals(reference);
        assertEquals(6, finals.size());
        Map<Integer, List<JsonNode>> races = new TreeMap<>();
        for (String line : Files.readAllLines(reference.resolve("race-tiny").resolve("decisions.jsonl"))) {
            JsonNode d = JSON.readTree(line);
            if (d.path("event").asText().equals("race")) races.computeIfAbsent(d.path("trial").asInt(), k -> new ArrayList<>()).add(d);
        }
        boolean stopped = false;
        boolean raced = false;
        for (Map.Entry<Integer, Map<Long, Double>> e : finals.entrySet()) {
            int trial = e.getKey();
            int seeds = e.getValue().size();
            assertTrue(seeds >= MIN && seeds <= MAX, trial + ": " + seeds + " seeds");
            assertEquals(List.of(1L, 2L, 3L, 4L).subList(0, seeds), List.copyOf(e.getValue().keySet()), "seeds 1..n");
            // The best trial among those before trial - in_flight, by its mean over all the seeds it got.
            int best = 0;
            for (int j = 1; j <= trial - IN_FLIGHT; j++) {
                double mean = finals.get(j).values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double bestMean = best == 0 ? 0 : finals.get(best).values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                if (best == 0 || mean > bestMean) best = j;
            }
            List<JsonNode> logged = races.getOrDefault(trial, List.of());
            assertEquals(Math.min(seeds, MAX - 1) - MIN + 1, logged.size(), "one race per seed count, trial " + trial);
            for (int n = MIN; n <= Math.min(seeds, MAX - 1); n++) {
                JsonNode d = logged.get(n - MIN);
                assertEquals(n, d.path("seeds").asInt());
                boolean more;
                if (best == 0) {
                    more = true;
                } else {
                    double[] mine = interval(e.getValue(), n);
                    double[] theirs = interval(finals.get(best), finals.get(best).size());
                    more = mine[0] <= theirs[1] && theirs[0] <= mine[1];
                    assertEquals(best, d.path("best_trial").asInt(), "trial " + trial);
                    assertEquals(mine[0], d.path("interval").get(0).asDouble(), 1e-4);
                    assertEquals(theirs[1], d.path("best_interval").get(1).asDouble(), 1e-4);
                }
                assertEquals(more ? "add a seed" : "stop", d.path("decision").asText(), "trial " + trial + " at " + n);
                assertEquals(more, seeds > n, "trial " + trial + " got a seed exactly when the race said so");
                stopped |= !more;
                raced |= more && best != 0;
            }
        }
        assertTrue(stopped, "some trial was clear of the best and kept its two seeds");
        assertTrue(raced, "some trial raced the best for more seeds");
        // The trial's result, as the log gives it, is the mean over every seed it got.
        for (String line : Files.readAllLines(reference.resolve("race-tiny").resolve("decisions.jsonl"))) {
            JsonNode d = JSON.readTree(line);
            if (!d.path("event").asText().equals("finished")) continue;
            double mean = finals.get(d.path("trial").asInt()).values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertEquals(mean, d.path("value").asDouble(), 1e-4);
        }
    }

    @Test
    void statusSaysHowManySeedsEachTrialEndedWith() {
        CliResult status = djlab("status", reference.resolve("race-tiny").toString());
        assertEquals(0, status.exitCode(), status::toString);
        finals(reference).forEach((trial, bySeed) -> assertTrue(status.out().lines().anyMatch(l -> l.matches(
                "\\s*trial " + trial + "\\s+completed, " + bySeed.size() + " seeds .*")), status.out()));
    }

    @Test
    void withParallelTwoItRacesAlike() throws Exception {
        Path results = shared.resolve("parallel");
        CliResult r = djlab(withLocations(results, "sweep", shared.resolve("race-tiny.yaml").toString(), "--parallel", "2"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(AdaptiveSweepFolder.table(reference.resolve("race-tiny")), AdaptiveSweepFolder.table(results.resolve("race-tiny")));
        assertEquals(AdaptiveSweepFolder.decisions(reference.resolve("race-tiny")), AdaptiveSweepFolder.decisions(results.resolve("race-tiny")));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoConcurrentShardsRaceAlike() throws Exception {
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
        assertEquals(AdaptiveSweepFolder.table(reference.resolve("race-tiny")), AdaptiveSweepFolder.table(results.resolve("race-tiny")));
        assertEquals(AdaptiveSweepFolder.decisions(reference.resolve("race-tiny")), AdaptiveSweepFolder.decisions(results.resolve("race-tiny")));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killedWhileRacingAndRestartedItRacesAlike() throws Exception {
        Path results = shared.resolve("killed");
        Path sweep = results.resolve("race-tiny");
        Process child = child(results, shared.resolve("killed.log"));
        try {
            // Killed mid-race: once trial 3's first race is logged, while the seed it added trains.
            Path log = sweep.resolve("decisions.jsonl");
            long deadline = System.currentTimeMillis() + 240_000;
            while (System.currentTimeMillis() < deadline && child.isAlive()
                    && !(Files.exists(log) && Files.readString(log).contains("{\"trial\":3,\"event\":\"race\""))) {
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertNotEquals(0, child.exitValue(), "killed, not finished");
        CliResult resumed = djlab(withLocations(results, "sweep", shared.resolve("race-tiny.yaml").toString()));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertEquals(AdaptiveSweepFolder.table(reference.resolve("race-tiny")), AdaptiveSweepFolder.table(sweep));
        assertEquals(AdaptiveSweepFolder.decisions(reference.resolve("race-tiny")), AdaptiveSweepFolder.decisions(sweep));
    }

    private static Process child(Path results, Path log, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("sweep", shared.resolve("race-tiny.yaml").toString(),
                "--results", results.toString(), "--data-dir", dataRoot().toString()));
        args.addAll(List.of(more));
        return startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1"), args.toArray(String[]::new));
    }
}
