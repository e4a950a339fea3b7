package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import djlab.TestSupport;
import djlab.results.Lease;
import djlab.results.RunFolder;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results folder shared by two hosts: a child JVM posing as host "node-a" (short lease) trains a run and is then
 * suspended (SIGSTOP), as a host that hangs or drops off the network: its heartbeat stops. This process, another
 * host, leaves the run alone while the lease lasts, takes it over once it has expired and trains it to completion.
 * When the suspended process wakes up it finds its lease gone, stops and writes nothing: the run was trained to its
 * end by one process at a time.
 */
class LeaseTakeoverTests {

    static final String SPEC = """
            name: takeover
            data: {validation: 0, limit: {train: 3000, test: 500}}
            model: {type: mlp, hidden: [256]}
            train: {epochs: 6, batch_size: 100, log_every: 5}
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anExpiredLeaseOfAHostThatStoppedIsTakenOverAndTheOldHolderStandsDown() throws Exception {
        Path spec = write(dir, "takeover.yaml", SPEC);
        Path results = dir.resolve("results");
        RunPlan plan = RunPlan.of(spec.toString(), SpecFiles.load(spec, List.of()), null,
                new RunPlan.Locations(results, dataRoot(), null));
        Path runDir = plan.folder().dir();
        Path log = dir.resolve("child.log");
        Runner.Display quiet = new Runner.Display(false, new PrintStream(OutputStream.nullOutputStream()));

        Process child = startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1",
                "-Ddjlab.host=node-a", "-Ddjlab.lease.seconds=3"),
                "run", spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!(Files.exists(runDir.resolve("epochs.csv")) && Files.readAllLines(runDir.resolve("epochs.csv")).size() >= 2)) {
                if (!child.isAlive()) fail("the child ended before its first epoch:\n" + Files.readString(log));
                if (System.nanoTime() > deadline) fail("no epoch row in two minutes:\n" + Files.readString(log));
                Thread.sleep(20);
            }
            signal("STOP", child);
            Lease.State held = Lease.look(runDir.resolve(RunFolder.LOCK)).orElseThrow();
            assertEquals("node-a", held.holder().host());
            assertEquals(child.pid(), held.holder().pid());
            assertTrue(held.alive(), "just stopped: its lease runs on");

            Runner.Outcome first = Runner.run(plan, false, quiet);
            assertTrue(first.runningElsewhere(), "a fresh lease of another host is left alone");
            assertTrue(first.elsewhere().startsWith("host node-a pid " + child.pid() + ", heartbeat "), first.elsewhere());

            Runner.Outcome outcome = first;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (outcome.runningElsewhere() && System.nanoTime() < giveUp) {
                Thread.sleep(250);
                outcome = Runner.run(plan, false, quiet);
            }
            assertFalse(outcome.runningElsewhere(), "the expired lease was taken over");
            assertTrue(outcome.summary().completed(), outcome.summary()::toString);
            byte[] summary = Files.readAllBytes(runDir.resolve("summary.json"));

            signal("CONT", child);
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the old holder ends once woken");
            String said = Files.readString(log);
            assertEquals(1, child.exitValue(), said);
            assertTrue(said.contains("running elsewhere: " + runDir + " (its lease was not renewed in time and another "
                    + "process took the run over); not trained here"), said);

            assertTrue(java.util.Arrays.equals(summary, Files.readAllBytes(runDir.resolve("summary.json"))),
                    "the old holder wrote nothing over the new one's run");
            assertEquals("completed", readJson(runDir.resolve("summary.json")).path("status").asText());
            assertEquals(List.of("1", "2", "3", "4", "5", "6"), readCsv(runDir.resolve("epochs.csv")).column("epoch"));
            assertEquals(List.of("epochs.csv", "iterations.csv", "model-0006.params", "spec.yaml", "summary.json"),
                    TestSupport.filesUnder(runDir));
        } finally {
            signal("CONT", child);
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aProcessEndedBySigtermLetsItsRunGoAtOnce() throws Exception {
        Path spec = write(dir, "takeover.yaml", SPEC);
        Path results = dir.resolve("results");
        RunPlan plan = RunPlan.of(spec.toString(), SpecFiles.load(spec, List.of()), null,
                new RunPlan.Locations(results, dataRoot(), null));
        Path runDir = plan.folder().dir();
        Path log = dir.resolve("child.log");
        // Another host with a long lease: only its letting go, not an expiry, can free the run within the test.
        Process child = startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1",
                "-Ddjlab.host=node-a", "-Ddjlab.lease.seconds=600"),
                "run", spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!(Files.exists(runDir.resolve("epochs.csv")) && Files.readAllLines(runDir.resolve("epochs.csv")).size() >= 2)) {
                if (!child.isAlive()) fail("the child ended before its first epoch:\n" + Files.readString(log));
                if (System.nanoTime() > deadline) fail("no epoch row in two minutes:\n" + Files.readString(log));
                Thread.sleep(20);
            }
            assertEquals("node-a", Lease.look(runDir.resolve(RunFolder.LOCK)).orElseThrow().holder().host());
            signal("TERM", child);
            assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(runDir.resolve(RunFolder.LOCK)), "the lease was let go");
        assertFalse(Files.exists(runDir.resolve("summary.json")) && readJson(runDir.resolve("summary.json")).path("status")
                .asText().equals("completed"), "interrupted, not completed");

        Runner.Outcome outcome = Runner.run(plan, false, new Runner.Display(false, new PrintStream(OutputStream.nullOutputStream())));

        assertFalse(outcome.runningElsewhere(), outcome::toString);
        assertTrue(outcome.summary().completed());
    }

    private static void signal(String name, Process process) throws Exception {
        if (!process.isAlive()) return;
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }
}
