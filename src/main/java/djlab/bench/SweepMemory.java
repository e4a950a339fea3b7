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

    /** The target: resident memory grows by less than this from the second run to the last. */
    public static final double TARGET_GROWTH_PERCENT = 10;

    /**
     * How resident memory grew from the second run (the first pays for loading the engine and the data) to the last.
     *
     * @param growthPercent rounded to one decimal
     * @param flat whether the growth is under {@link #TARGET_GROWTH_PERCENT}
     */
    public record Growth(int runs, double rssRun2Mb, double rssLastMb, double growthPercent, boolean flat) {

        public static Growth of(List<Point> points) {
            double second = points.get(1).rssMb();
            double last = points.get(points.size() - 1).rssMb();
            double growth = (last - second) / second * 100;
            return new Growth(points.size(), second, last, Math.round(growth * 10) / 10.0, growth < TARGET_GROWTH_PERCENT);
        }
    }

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
