package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import djlab.TestSupport.Csv;
import djlab.sweep.SweepPlan;
import djlab.train.RunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sweeps of one spec on one results folder at once (two child JVMs): every run is trained once, by one of them;
 * a run the other is training is reported as running elsewhere, not as a failure, and both exit 0.
 */
class ConcurrentSweepTests {

    static final String SPEC = """
            name: twice
            seed: 1
            data: {validation: 0, limit: {train: 2000, test: 300}}
            model: {type: mlp, hidden: [128]}
            train: {epochs: 3, batch_size: 50, log_every: 10}
            sweep:
              grid:
                train.optimizer.lr: [0.05, 0.1]
              seeds: [1, 2]
            """;

    private static final Pattern TALLY = Pattern.compile(
            "twice: (\\d+) completed, (\\d+) skipped \\(done before\\), (\\d+) failed(?:, (\\d+) running elsewhere \\(left to them\\))?;");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoSweepsAtOnceTrainEachRunOnceAndNeitherCountsTheOthersRunsAsFailed() throws Exception {
        Path spec = write(dir, "twice.yaml", SPEC);
        Path results = dir.resolve("results");
        SweepPlan plan = SweepPlan.of(spec, List.of(), new RunPlan.Locations(results, dataRoot(), null));
        List<Process> sweeps = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path log = dir.resolve("sweep-" + i + ".log");
            logs.add(log);
            sweeps.add(startDjlab(log, List.of("-Dai.djl.pytorch.num_threads=1",
                    "-Dai.djl.pytorch.num_interop_threads=1"),
                "sweep", spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString()));
        }
        int completed = 0;
        int elsewhere = 0;
        try {
            for (int i = 0; i < 2; i++) {
                assertTrue(sweeps.get(i).waitFor(5, TimeUnit.MINUTES));
                String said = Files.readString(logs.get(i));
                assertEquals(0, sweeps.get(i).exitValue(), said);
                Matcher tally = TALLY.matcher(said);
                assertTrue(tally.find(), said);
                assertEquals("0", tally.group(3), said);
                int elsewhereHere = tally.group(4) == null ? 0 : Integer.parseInt(tally.group(4));
                assertEquals(4, Integer.parseInt(tally.group(1)) + Integer.parseInt(tally.group(2)) + elsewhereHere, said);
                // Met once or more (a run left to the other is looked at again at the end, when it may be done).
                long met = said.lines().filter(l -> l.matches("  \\S+: running elsewhere \\(host \\S+ pid \\d+, "
                        + "heartbeat \\d+ s ago\\), left to it")).count();
                assertTrue(met >= elsewhereHere, said);
                completed += Integer.parseInt(tally.group(1));
                elsewhere += met;
            }
        } finally {
            for (Process p : sweeps) {
                p.destroyForcibly();
                p.waitFor(60, TimeUnit.SECONDS);
            }
        }
        assertEquals(4, completed, "each run trained by exactly one of the two");
        assertTrue(elsewhere >= 1, "the two met on a run: " + elsewhere);

        Path sweepDir = results.resolve("twice");
        for (RunPlan run : plan.runs()) {
            Path folder = sweepDir.resolve(run.runId());
            assertEquals("completed", readJson(folder.resolve("summary.json")).path("status").asText());
            assertEquals(List.of("1", "2", "3"), readCsv(folder.resolve("epochs.csv")).column("epoch"));
            assertEquals(List.of("epochs.csv", "iterations.csv", "model-0003.params", "spec.yaml", "summary.json"),
                    TestSupport.filesUnder(folder));
        }
        Csv csv = readCsv(sweepDir.resolve("summary.csv"));
        assertEquals(4, new HashSet<>(csv.column("run_id")).size());
        assertTrue(csv.column("status").stream().allMatch("completed"::equals), csv.column("status")::toString);
    }
}
