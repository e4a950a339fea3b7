package djlab.sweep;

import djlab.train.StopRequest;
import djlab.data.DataException;
import djlab.results.Summary;
import djlab.results.SweepFolder;
import djlab.spec.SpecException;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the selected runs of a sweep, one after another or {@code parallel} at once in this JVM, through the same
 * {@link Runner} as {@code djlab run}. A run that fails is recorded and the sweep goes on; completed runs are
 * skipped, so running a sweep again resumes it. summary.csv is rebuilt after every run.
 */
public final class SweepRunner {

    /** How the sweep ended. */
    /** {@code elsewhere}: runs another process was training (another sweep, another shard): not failures. */
    public record Tally(int completed, int skipped, int failed, int elsewhere) {
        public boolean allGood() {
            return failed == 0;
        }
    }

    static final String SKIPPED = "skipped";
    static final String ELSEWHERE = "running elsewhere";
    static final String PAUSED = "paused";

    private final SweepPlan plan;
    private final int parallel;
    private final boolean force;
    private final boolean terminal;
    private final PrintStream out;
    private boolean restart;

    public SweepRunner(SweepPlan plan, int parallel, boolean force, boolean terminal, PrintStream out) {
        this.plan = plan;
        this.parallel = parallel;
        this.force = force;
        this.terminal = terminal;
        this.out = out;
    }

    /** Throw away the checkpoints of interrupted runs and start them over. */
    public SweepRunner restart(boolean restart) {
        this.restart = restart;
        return this;
    }

    public Tally run(List<RunPlan> selected) {
        SweepFolder folder = plan.folder();
        folder.writePlan(new SweepFolder.Plan(plan.name(), plan.specFile(), plan.entries()));
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger elsewhere = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        long t0 = System.nanoTime();
        Runnable[] tasks = new Runnable[selected.size()];
        for (int i = 0; i < selected.size(); i++) {
            RunPlan run = selected.get(i);
            tasks[i] = () -> {
                // After SIGTERM or SIGINT no run starts; those in progress stop at their next batch boundary.
                if (StopRequest.requested()) return;
                int k = started.incrementAndGet();
                int finished = completed.get() + failed.get();
                out.println(header(k, selected.size(), run, t0, finished, selected.size() - skipped.get()));
                String outcome = runOne(run);
                switch (outcome) {
                    case Summary.COMPLETED -> completed.incrementAndGet();
                    case SKIPPED -> skipped.incrementAndGet();
                    case ELSEWHERE -> elsewhere.incrementAndGet();
                    case Summary.INTERRUPTED -> { }
                    default -> failed.incrementAndGet();
                }
                synchronized (folder) {
                    folder.writeSummary(plan.entries());
                }
            };
        }
        if (parallel <= 1) {
            for (Runnable task : tasks) task.run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<?>> futures = new java.util.ArrayList<>();
                for (Runnable task : tasks) futures.add(pool.submit(task));
                for (Future<?> f : futures) f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
                try {
                    pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        folder.writeSummary(plan.entries());
        return new Tally(completed.get(), skipped.get(), failed.get(), elsewhere.get());
    }

    /** Runs one and says how it ended; nothing it throws stops the sweep. */
    private String runOne(RunPlan run) {
        return runOne(run, force, restart, new Runner.Display(terminal && parallel <= 1, out));
    }

    /** Runs one and says how it ended ({@code skipped}, {@code running elsewhere} or the summary's status). */
    static String runOne(RunPlan run, boolean force, boolean restart, Runner.Display display) {
        return runOne(run, force, restart, display, 0);
    }

    /** As above, pausing after {@code pauseAfterEpoch} (see {@link Runner#run}); a pause ends as {@link #PAUSED}. */
    static String runOne(RunPlan run, boolean force, boolean restart, Runner.Display display, int pauseAfterEpoch) {
        String label = run.label().label();
        PrintStream out = display.out();
        try {
            Runner.Outcome outcome = Runner.run(run, force, restart, display, pauseAfterEpoch);
            if (outcome.skipped()) {
                out.println("  " + label + ": already completed, skipped");
                return SKIPPED;
            }
            if (outcome.runningElsewhere()) {
                out.println("  " + label + ": running elsewhere (" + outcome.elsewhere() + "), left to it");
                return ELSEWHERE;
            }
            Summary s = outcome.summary();
            if (pauseAfterEpoch > 0 && s.status().equals(Summary.INTERRUPTED) && !StopRequest.requested()) {
                Summary.Metric test = s.metrics().get("test_accuracy");
                out.printf(Locale.ROOT, "  %s: paused after epoch %d, test accuracy %.4f%n", label, s.epochsCompleted(),
                        test == null ? Double.NaN : test.last());
                return PAUSED;
            }
            if (s.completed()) {
                Summary.Metric test = s.metrics().get("test_accuracy");
                out.printf(Locale.ROOT, "  %s: completed, test accuracy %.4f, %.1f s%n", label, test.last(), s.wallSeconds());
            } else {
                out.println("  " + label + ": " + s.status() + ": " + s.error());
            }
            return s.status();
        } catch (SpecException | DataException e) {
            out.println("  " + label + ": failed: " + e.getMessage());
        } catch (RuntimeException e) {
            out.println("  " + label + ": failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return Summary.FAILED;
    }

    private static String header(int k, int n, RunPlan run, long t0, int finished, int toTrain) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        String eta = finished == 0 ? "" : ", about " + duration(elapsed / finished * Math.max(0, toTrain - finished)) + " left";
        return String.format(Locale.ROOT, "[run %d/%d] %s (%s, elapsed %s%s)", k, n, run.label().label(), run.runId(),
                duration(elapsed), eta);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
