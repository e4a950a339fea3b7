package djlab.bench;

import djlab.results.Folders;
import djlab.results.Summary;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many runs in a row in one JVM, as a long sweep does, with the resident memory after each: every NDArray of a run
 * belongs to a manager closed with its batch, epoch or run, so the figure should stay flat.
 */
public final class SweepMemory {

    public record Point(int run, double rssMb) {}

    private SweepMemory() {}

    public static List<Point> measure(Path spec, List<String> sets, RunPlan.Locations where, int runs, PrintStream out)
            throws IOException {
        Path scratch = Files.createTempDirectory("djlab-memory");
        List<Point> points = new ArrayList<>();
        try {
            for (int i = 1; i <= runs; i++) {
                List<String> withSeed = new ArrayList<>(sets);
                withSeed.add("seed=" + i);
                ExperimentSpec resolved = SpecFiles.load(spec, withSeed);
                RunPlan plan = RunPlan.of(spec.toString(), resolved, null,
                        new RunPlan.Locations(scratch, where.dataDir(), where.dataEnv()));
                Summary s = Runner.run(plan, true, new Runner.Display(false, new PrintStream(OutputStream.nullOutputStream())))
                        .summary();
                System.gc();
                Point p = new Point(i, Math.round(Memory.rssMb() * 10) / 10.0);
                points.add(p);
                out.printf("run %2d: %s, RSS %.1f MiB (Java heap committed %.1f MiB)%n", i, s.status(), p.rssMb(),
                        Runtime.getRuntime().totalMemory() / 1048576.0);
            }
        } finally {
            Folders.deleteTree(scratch);
        }
        return points;
    }
}
