package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import djlab.TestSupport;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one run: a child JVM trains it while this process asks for the same run again and again (each
 * attempt reads the data, as a second {@code djlab run} would). The run is trained once: no attempt made while the
 * child trains, nor one that began before the child finished, clears or retrains the child's completed run.
 */
class ConcurrentRunTests {

    static final String SPEC = """
            name: concurrent
            data: {validation: 0, limit: {train: 3000, test: 500}}
            model: {type: mlp, hidden: [256]}
            train: {epochs: 4, batch_size: 100, log_every: 5}
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aSecondProcessNeverClearsOrRetrainsARunTheFirstCompletes() throws Exception {
        Path spec = write(dir, "concurrent.yaml", SPEC);
        Path results = dir.resolve("results");
        ExperimentSpec resolved = SpecFiles.load(spec, List.of());
        RunPlan plan = RunPlan.of(spec.toString(), resolved, null, new RunPlan.Locations(results, dataRoot(), null));
        Path runDir = plan.folder().dir();
        Path log = dir.resolve("child.log");

        Process child = startDjlab(log, List.of("-Dai.djl.pytorch.num_interop_threads=1"),
                "run", spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString());
        Runner.Display quiet = new Runner.Display(false, new PrintStream(OutputStream.nullOutputStream()));
        List<String> outcomes = new ArrayList<>();
        try {
            // Until the child has begun training, a second process would simply train the run itself.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(runDir.resolve("iterations.csv"))) {
                if (!child.isAlive()) fail("the child ended before it trained:\n" + Files.readString(log));
                if (System.nanoTime() > deadline) fail("the child did not start training:\n" + Files.readString(log));
                Thread.sleep(20);
            }
            // Ask for the run until the child is gone and one more time after: every attempt finds it elsewhere or done.
            boolean childGone = false;
            while (true) {
                Runner.Outcome outcome;
                try {
                    outcome = Runner.run(plan, false, quiet);
                } catch (RuntimeException e) {
                    outcomes.add("error: " + e.getClass().getSimpleName());
                    Thread.sleep(50);
                    if (childGone) break;
                    childGone = !child.isAlive();
                    continue;
                }
                outcomes.add(outcome.runningElsewhere() ? "elsewhere" : outcome.skipped() ? "skipped" : "trained");
                assertFalse(outcomes.get(outcomes.size() - 1).equals("trained"), "this process trained the run again: " + collapse(outcomes));
                if (childGone) break;
                childGone = !child.isAlive();
                Thread.sleep(50);
            }
            assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertEquals(0, child.exitValue(), () -> TestSupport.read(log));
        assertTrue(outcomes.contains("elsewhere"), "an attempt overlapped the child's training: " + collapse(outcomes));
        assertEquals("skipped", outcomes.get(outcomes.size() - 1), () -> collapse(outcomes));
        assertTrue(outcomes.stream().allMatch(o -> o.equals("elsewhere") || o.equals("skipped")), () -> collapse(outcomes));

        // The child's run, as the child left it.
        assertEquals("completed", readJson(runDir.resolve("summary.json")).path("status").asText());
        assertEquals(List.of("epochs.csv", "iterations.csv", "model-0004.params", "spec.yaml", "summary.json"),
                TestSupport.filesUnder(runDir));
        FileTime written = Files.getLastModifiedTime(runDir.resolve("summary.json"));
        assertTrue(TestSupport.read(log).startsWith("completed: ") || TestSupport.read(log).contains("\ncompleted: "),
                () -> TestSupport.read(log));
        assertEquals(written, Files.getLastModifiedTime(runDir.resolve("summary.json")));
    }

    /** The attempts' outcomes with repeats counted: [elsewhere x40, skipped]. */
    private static String collapse(List<String> outcomes) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); ) {
            int j = i;
            while (j < outcomes.size() && outcomes.get(j).equals(outcomes.get(i))) j++;
            runs.add(outcomes.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return runs.toString();
    }
}
