package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import djlab.TestSupport;
import djlab.results.RunCheckpoint;
import djlab.results.RunId;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs killed mid-epoch, with SIGKILL (no chance to save anything: the run continues from its last
 * periodic checkpoint) and with SIGTERM (it stops at the next batch, saves and exits 143), several times, then run
 * to the end: the parameters are bit for bit those of a run never interrupted, and the curves hold the same rows.
 */
class KilledResumeTests {

    /** 2700 training records in batches of 50: 54 batches an epoch; a checkpoint every 10. */
    static final String SPEC = """
            name: killed-resume
            data: {validation: 0.1, limit: {train: 3000, test: 500}}
            model: {type: mlp, hidden: [256, 128], dropout: 0.2}
            train:
              epochs: 3
              batch_size: 50
              log_every: 2
              optimizer: {type: adam, lr: 0.001}
              checkpoint: {every: 10, unit: iteration}
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aRunKilledAndTerminatedSeveralTimesEndsAsOneNeverInterrupted() throws Exception {
        Path spec = write(dir, "killed-resume.yaml", SPEC);
        String runId = RunId.of(SpecFiles.load(spec, List.of()));
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        Path run = killed.resolve("killed-resume").resolve(runId);

        Process once = child(spec, straight, dir.resolve("straight.log"));
        assertEquals(0, once.waitFor(), () -> TestSupport.read(dir.resolve("straight.log")));

        int rows = 0;
        String[] how = {"KILL", "TERM", "KILL", "TERM"};
        for (int attempt = 0; attempt < how.length; attempt++) {
            Path log = dir.resolve("attempt-" + attempt + ".log");
            Process child = child(spec, killed, log);
            // Mid-epoch: some rows past where the previous attempt's rows (up to its checkpoint) end.
            rows = waitForRows(child, run.resolve("iterations.csv"), rows + 7 + 3 * attempt, log);
            if (how[attempt].equals("KILL")) {
                child.destroyForcibly();
                child.waitFor(60, TimeUnit.SECONDS);
                assertEquals(137, child.exitValue(), "killed by SIGKILL");
            } else {
                long sent = System.nanoTime();
                child.destroy();
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "stopped after SIGTERM");
                double seconds = (System.nanoTime() - sent) / 1e9;
                assertEquals(143, child.exitValue(), TestSupport.read(log));
                assertTrue(seconds < 30, "stopped " + seconds + " s after SIGTERM");
                assertEquals("interrupted", readJson(run.resolve("summary.json")).path("status").asText());
                assertTrue(TestSupport.read(log).contains("stopped by SIGTERM at iteration"), TestSupport.read(log));
            }
            assertTrue(Files.exists(run.resolve(RunCheckpoint.FILE)), "a checkpoint to continue from");
            assertFalse(Files.exists(run.resolve(RunCheckpoint.FILE + ".tmp")) && how[attempt].equals("TERM"));
            rows = readCsv(run.resolve("iterations.csv")).rows().size();
        }
        Path log = dir.resolve("last.log");
        Process last = child(spec, killed, log);
        assertEquals(0, last.waitFor(), () -> TestSupport.read(log));
        assertTrue(TestSupport.read(log).contains("resuming "), TestSupport.read(log));

        Path done = straight.resolve("killed-resume").resolve(runId);
        assertArrayEquals(Files.readAllBytes(done.resolve("model-0003.params")), Files.readAllBytes(run.resolve("model-0003.params")));
        assertEquals(Files.readString(done.resolve("iterations.csv")), Files.readString(run.resolve("iterations.csv")));
        assertEquals(withoutTiming(done.resolve("epochs.csv")), withoutTiming(run.resolve("epochs.csv")));
        assertEquals(4, readJson(run.resolve("summary.json")).path("resumed").asInt());
        assertTrue(readJson(run.resolve("summary.json")).path("lost_train_seconds").asDouble() > 0,
                "the killed attempts lost some training");
        assertEquals(List.of("epochs.csv", "iterations.csv", "model-0003.params", "spec.yaml", "summary.json"),
                TestSupport.filesUnder(run));
    }

    /**
     * SIGTERM stops a sweep's run in progress (checkpoint, interrupted) and the sweep (no further run starts), exit
     * 143; running the sweep again continues that run and trains the rest. Ctrl-C twice ends a sweep at once (130).
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aSignalStopsTheSweepAndRunningItAgainContinues() throws Exception {
        Path spec = write(dir, "sweep.yaml", SPEC.replace("name: killed-resume", "name: sweep-stop")
                + "sweep: {seeds: [1, 2]}\n");
        Path results = dir.resolve("results");
        Path log = dir.resolve("sweep-1.log");
        Process child = child(spec, results, log, "sweep");
        Path first = waitForRunFolder(child, results.resolve("sweep-stop"), log);
        waitForRows(child, first.resolve("iterations.csv"), 5, log);
        child.destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, child.exitValue(), () -> TestSupport.read(log));
        assertTrue(TestSupport.read(log).contains("stopped by SIGTERM"), () -> TestSupport.read(log));
        assertEquals("interrupted", readJson(first.resolve("summary.json")).path("status").asText());
        try (Stream<Path> runs = Files.list(results.resolve("sweep-stop"))) {
            assertEquals(1, runs.filter(Files::isDirectory).count(), "the second run did not start");
        }

        // Long enough that, on a loaded machine, the sweep cannot end on its own before the two signals arrive.
        Path longSpec = write(dir, "long-sweep.yaml", Files.readString(spec).replace("epochs: 3", "epochs: 500"));
        Path twice = dir.resolve("sweep-2.log");
        Process interrupted = child(longSpec, dir.resolve("other"), twice, "sweep");
        Path training = waitForRunFolder(interrupted, dir.resolve("other").resolve("sweep-stop"), twice);
        waitForRows(interrupted, training.resolve("iterations.csv"), 1, twice);
        new ProcessBuilder("kill", "-INT", String.valueOf(interrupted.pid())).start().waitFor();
        new ProcessBuilder("kill", "-INT", String.valueOf(interrupted.pid())).start().waitFor();
        assertTrue(interrupted.waitFor(20, TimeUnit.SECONDS), "Ctrl-C twice ends it at once");
        assertEquals(130, interrupted.exitValue(), () -> TestSupport.read(twice));

        Path again = dir.resolve("sweep-3.log");
        Process rest = child(spec, results, again, "sweep");
        assertEquals(0, rest.waitFor(), () -> TestSupport.read(again));
        assertEquals(1, readJson(first.resolve("summary.json")).path("resumed").asInt());
        try (Stream<Path> runs = Files.list(results.resolve("sweep-stop"))) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                assertEquals("completed", readJson(run.resolve("summary.json")).path("status").asText());
            }
        }
    }

    static Path waitForRunFolder(Process child, Path sweep, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(sweep)) {
                try (Stream<Path> runs = Files.list(sweep)) {
                    List<Path> dirs = runs.filter(Files::isDirectory).toList();
                    if (!dirs.isEmpty()) return dirs.get(0);
                }
            }
            if (!child.isAlive()) fail("the child ended (exit " + child.exitValue() + ") early:\n" + Files.readString(log));
            Thread.sleep(10);
        }
        fail("no run folder within three minutes:\n" + Files.readString(log));
        return null;
    }

    static Process child(Path spec, Path results, Path log) throws IOException {
        return child(spec, results, log, "run");
    }

    static Process child(Path spec, Path results, Path log, String command) throws IOException {
        return startDjlab(log, List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"),
                command, spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString());
    }

    /** Waits until the curve has at least {@code rows} data rows; fails if the child ends first. */
    static int waitForRows(Process child, Path curve, int rows, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (Files.exists(curve)) {
                int have = Files.readAllLines(curve).size() - 1;
                if (have >= rows) return have;
            }
            if (!child.isAlive()) fail("the child ended (exit " + child.exitValue() + ") early:\n" + Files.readString(log));
            Thread.sleep(10);
        }
        fail("no row " + rows + " within three minutes:\n" + Files.readString(log));
        return -1;
    }

    static List<List<String>> withoutTiming(Path csv) {
        TestSupport.Csv curve = readCsv(csv);
        List<String> timing = List.of("epoch_seconds", "elapsed_seconds");
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : Stream.concat(Stream.of(curve.header()), curve.rows().stream()).toList()) {
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) if (!timing.contains(curve.header().get(i))) kept.add(row.get(i));
            rows.add(kept);
        }
        return rows;
    }
}
