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
import static org.junit.jupiter.api.Assertions.fail;

import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import djlab.sweep.SweepPlan;
import djlab.train.RunPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with SIGKILL (a real child JVM) while one run is done and the next is training, then started
 * again: every run ends completed exactly once, the runs finished before the kill are left alone, and summary.csv
 * has one row per run.
 */
class KilledSweepTests {

    static final String SPEC = """
            name: killed-sweep
            seed: 1
            data: {validation: 0, limit: {train: 600, test: 200}}
            model: {type: mlp, hidden: [32]}
            train:
              epochs: 2
              batch_size: 50
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 5
            sweep:
              grid:
                train.optimizer.lr: [0.05, 0.1]
              seeds: [1, 2]
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledSweepResumesToEveryRunCompletedExactlyOnce() throws Exception {
        Path spec = write(dir, "killed-sweep.yaml", SPEC);
        Path results = dir.resolve("results");
        Path sweepDir = results.resolve("killed-sweep");
        SweepPlan plan = SweepPlan.of(spec, List.of(), new RunPlan.Locations(results, dataRoot(), null));
        List<String> ids = plan.runs().stream().map(RunPlan::runId).toList();
        Path log = dir.resolve("child.log");

        Process child = startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1"),
                "sweep", spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString());
        CliResult whileTraining;
        try {
            whileTraining = waitForOneDoneAndOneTraining(child, sweepDir, ids, log);
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertNotEquals(0, child.exitValue(), "the child must have been killed, not have finished");
        assertEquals(0, whileTraining.exitCode(), whileTraining::toString);
        assertTrue(whileTraining.out().lines().findFirst().orElseThrow().matches("killed-sweep: 4 runs: [123] done 0 failed 1 running "
                + "0 interrupted [012] pending"), whileTraining::toString);
        assertTrue(whileTraining.out().lines().anyMatch(l -> l.trim().matches("running\\s+lr=\\S+\\s+[0-9a-f]{12}\\s+"
                + "host " + java.util.regex.Pattern.quote(djlab.results.Lease.host()) + " pid " + child.pid()
                + ", heartbeat \\d+ s ago")), whileTraining::toString);

        List<String> doneBefore = new ArrayList<>();
        List<String> interrupted = new ArrayList<>();
        Map<String, byte[]> summaries = new HashMap<>();
        Map<String, FileTime> times = new HashMap<>();
        for (String id : ids) {
            Path summary = sweepDir.resolve(id).resolve("summary.json");
            if (Files.exists(summary)) {
                assertEquals("completed", readJson(summary).path("status").asText(), id);
                doneBefore.add(id);
                summaries.put(id, Files.readAllBytes(summary));
                times.put(id, Files.getLastModifiedTime(summary));
                times.put(id + "/model", Files.getLastModifiedTime(sweepDir.resolve(id).resolve("model-0002.params")));
            } else if (Files.isDirectory(sweepDir.resolve(id))) {
                interrupted.add(id);
            }
        }
        assertFalse(doneBefore.isEmpty(), "a run was done before the kill");
        assertTrue(doneBefore.size() < ids.size(), "a run was left to do");
        assertEquals(1, interrupted.size(), "one run was training when killed: " + interrupted);
        assertTrue(Files.exists(sweepDir.resolve(interrupted.get(0)).resolve("run.lock")), "the killed run's lock is left");

        CliResult status = djlab("status", sweepDir.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertEquals(String.format("killed-sweep: 4 runs: %d done 0 failed 0 running 1 interrupted %d pending", doneBefore.size(),
                ids.size() - doneBefore.size() - 1), status.out().lines().findFirst().orElseThrow(), status::toString);
        assertTrue(status.out().lines().anyMatch(l -> l.trim().matches("interrupted\\s+lr=\\S+\\s+" + interrupted.get(0)
                + "\\s+(after epoch 1 of 2|no epoch finished \\(of 2\\))")), status::toString);

        CliResult resumed = djlab(withLocations(results, "sweep", spec.toString()));

        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.out().contains(String.format("killed-sweep: %d completed, %d skipped (done before), 0 failed",
                ids.size() - doneBefore.size(), doneBefore.size())), resumed::toString);
        for (String id : doneBefore) {
            Path summary = sweepDir.resolve(id).resolve("summary.json");
            assertEquals(new String(summaries.get(id)), Files.readString(summary), "untouched: " + id);
            assertEquals(times.get(id), Files.getLastModifiedTime(summary), "untouched: " + id);
            assertEquals(times.get(id + "/model"), Files.getLastModifiedTime(sweepDir.resolve(id).resolve("model-0002.params")));
        }
        for (RunPlan run : plan.runs()) {
            Path folder = sweepDir.resolve(run.runId());
            assertEquals("completed", readJson(folder.resolve("summary.json")).path("status").asText(), run.label().label());
            assertEquals(List.of("1", "2"), readCsv(folder.resolve("epochs.csv")).column("epoch"),
                    "one attempt's rows only: " + run.label().label());
            assertEquals(List.of("epochs.csv", "iterations.csv", "model-0002.params", "spec.yaml", "summary.json"),
                    TestSupport.filesUnder(folder), run.label().label());
        }
        Csv csv = readCsv(sweepDir.resolve("summary.csv"));
        assertEquals(plan.runs().stream().map(r -> r.label().label()).toList(), csv.column("label"));
        assertEquals(ids, csv.column("run_id"));
        assertEquals(4, new HashSet<>(csv.column("run_id")).size(), "no duplicate rows");
        assertTrue(csv.column("status").stream().allMatch("completed"::equals), csv.column("status")::toString);

        CliResult after = djlab("status", sweepDir.toString());
        assertEquals("killed-sweep: 4 runs: 4 done 0 failed 0 running 0 interrupted 0 pending" + System.lineSeparator(), after.out());
        CliResult third = djlab(withLocations(results, "sweep", spec.toString()));
        assertEquals(0, third.exitCode(), third::toString);
        assertTrue(third.out().contains("killed-sweep: 0 completed, 4 skipped (done before), 0 failed"), third::toString);
    }

    /**
     * Waits until one run has its summary and another holds its lock without one (training), and returns what
     * {@code djlab status} said then; fails if the child ends first or that does not happen in three minutes.
     */
    private static CliResult waitForOneDoneAndOneTraining(Process child, Path sweepDir, List<String> ids, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String training = trainingWithOneDone(sweepDir, ids);
            if (training != null) {
                CliResult status = djlab("status", sweepDir.toString());
                // the same run still training (it did not finish meanwhile): kill now
                if (training.equals(trainingWithOneDone(sweepDir, ids))) return status;
            }
            if (!child.isAlive()) {
                fail("the child ended (exit " + child.exitValue() + ") before a run was done and another training:\n"
                        + Files.readString(log));
            }
            Thread.sleep(10);
        }
        fail("no run done and another training within three minutes:\n" + Files.readString(log));
        return null;
    }

    /** The id of the run training (locked, curves begun, no summary) while another is done; else null. */
    private static String trainingWithOneDone(Path sweepDir, List<String> ids) {
        boolean done = false;
        String training = null;
        for (String id : ids) {
            Path run = sweepDir.resolve(id);
            boolean summary = Files.exists(run.resolve("summary.json"));
            done |= summary;
            if (!summary && Files.exists(run.resolve("run.lock")) && Files.exists(run.resolve("iterations.csv"))) training = id;
        }
        return done ? training : null;
    }
}
