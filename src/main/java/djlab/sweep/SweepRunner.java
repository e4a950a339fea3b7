package djlab.sweep;

import djlab.train.StopRequest;
import djlab.data.DataException;
import djlab.results.Lease;
import djlab.results.Summary;
import djlab.results.SweepFolder;
import djlab.spec.BadInputException;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    private static final String BAD_INPUT = "bad input";

    private final SweepPlan plan;
    private final int parallel;
    private final boolean force;
    private final boolean terminal;
    private final PrintStream out;
    private final int retries;
    private boolean restart;

    public SweepRunner(SweepPlan plan, int parallel, boolean force, boolean terminal, PrintStream out) {
        this(plan, parallel, force, 0, terminal, out);
    }

    /** {@code retries}: how many more times a run that fails with an error is tried. */
    public SweepRunner(SweepPlan plan, int parallel, boolean force, int retries, boolean terminal, PrintStream out) {
        this.retries = retries;
        this.plan = plan;
        this.parallel = parallel;
        this.force = force;
        this.terminal = terminal;
        this.out = out;
    }

    /**
     * Splits PyTorch's intra-op threads between {@code parallel} runs in this JVM. Must come before the engine
     * loads (it reads the setting once); {@code djlab sweep --parallel} and the Java API call it.
     */
    public static void shareCores(int parallel) {
        if (parallel <= 1) return;
        int cores = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(Math.max(1, cores / parallel)));
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
        String[] outcomes = new String[selected.size()];
        for (int i = 0; i < selected.size(); i++) {
            RunPlan run = selected.get(i);
            int index = i;
            tasks[i] = () -> {
                // After SIGTERM or SIGINT no run starts; those in progress stop at their next batch boundary.
                if (StopRequest.requested()) return;
                int k = started.incrementAndGet();
                int finished = completed.get() + failed.get();
                out.println(header(k, selected.size(), run, t0, finished, selected.size() - skipped.get()));
                String outcome = runOne(run);
                outcomes[index] = outcome;
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
        runAll(List.of(tasks), parallel);
        // Runs left to another process: a look again at the end, as their holder may have died meanwhile.
        for (int i = 0; i < selected.size() && !StopRequest.requested(); i++) {
            if (ELSEWHERE.equals(outcomes[i])) {
                outcomes[i] = runOne(selected.get(i));
                if (!ELSEWHERE.equals(outcomes[i])) folder.writeSummary(plan.entries());
            }
        }
        folder.writeSummary(plan.entries());
        int[] tally = new int[4];
        for (String outcome : outcomes) {
            // Not run (the sweep was stopped before it), or stopped by a signal with a checkpoint: neither failed.
            if (outcome == null || outcome.equals(Summary.INTERRUPTED)) continue;
            tally[switch (outcome) {
                case Summary.COMPLETED -> 0;
                case SKIPPED -> 1;
                case ELSEWHERE -> 3;
                default -> 2;
            }]++;
        }
        return new Tally(tally[0], tally[1], tally[2], tally[3]);
    }

    /**
     * Runs one, again up to {@code retries} times while it fails with an error (not when it diverged, not on bad
     * input: those would only end the same way), and says how it ended; nothing it throws stops the sweep. Each
     * attempt after the first begins from what the failed one left (its summary counts the attempts).
     */
    /** Runs the tasks, {@code parallel} at a time on a pool (one after another when 1); a task's failure is thrown. */
    static void runAll(List<? extends Runnable> tasks, int parallel) {
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
    }

    private String runOne(RunPlan run) {
        for (int attempt = 1; ; attempt++) {
            String ended = attempt(run);
            while (ended.equals(ELSEWHERE) && awaitExpiry(run)) ended = attempt(run);
            if (!ended.equals(Summary.FAILED) || attempt > retries) return ended;
            out.printf(Locale.ROOT, "  %s: trying again (attempt %d of %d)%n", run.label().label(), attempt + 1, retries + 1);
        }
    }

    /**
     * A run held by another host whose heartbeat has stopped (it missed three renewals: the host died or was cut off)
     * is waited for until its lease runs out, then taken over; true after such a wait. A live holder (a heartbeat
     * coming in, or a process of this host) is left to it: false.
     */
    private boolean awaitExpiry(RunPlan run) {
        Optional<Lease.State> state = run.folder().lease();
        if (state.isEmpty() || !state.get().alive() || state.get().holder() == null) return false;
        Lease.Holder holder = state.get().holder();
        if (holder.host().equals(Lease.host())) return false;
        double lease = holder.leaseSeconds() > 0 ? holder.leaseSeconds() : Lease.seconds();
        long age = state.get().heartbeatAge().toMillis();
        if (age < 3 * Lease.renewalMillis(lease)) return false;
        long wait = Math.max(0, (long) (lease * 1000) - age) + 500;
        out.printf(Locale.ROOT, "  %s: %s stopped renewing its lease; waiting %.0f s for it to run out%n",
                run.label().label(), holder.describe(), wait / 1000.0);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private String attempt(RunPlan run) {
        return attempt(run, force, restart, new Runner.Display(terminal && parallel <= 1, out), 0);
    }

    /**
     * One attempt at a run, and how it ended ({@code skipped}, {@code running elsewhere} or the summary's status);
     * with {@code pauseAfterEpoch} > 0 it stops after that epoch (see {@link Runner#run}) and ends as {@link #PAUSED}.
     */
    static String attempt(RunPlan run, boolean force, boolean restart, Runner.Display display, int pauseAfterEpoch) {
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
        } catch (BadInputException | DataException e) {
            out.println("  " + label + ": failed: " + e.getMessage());
            return BAD_INPUT;
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
