package djlab.api;

import djlab.results.CurveTable;
import djlab.results.SweepFolder;
import djlab.spec.BadInputException;
import djlab.sweep.TrialStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one sweep folder recorded: its planned runs (from {@code plan.json}) and its table ({@code summary.csv}). */
public final class SweepResults {

    /** An adaptive sweep's best trial so far: its number and its objective's value (mean over seeds). */
    public record Best(int trial, String metric, double value) {}

    private final Path dir;
    private final Tally tally;
    private final Best best;

    private SweepResults(Path dir, Tally tally, Best best) {
        this.dir = dir;
        this.tally = tally;
        this.best = best;
    }

    static SweepResults open(Path dir) {
        return new SweepResults(dir, null, null);
    }

    static SweepResults of(Path dir, Tally tally, Best best) {
        return new SweepResults(dir, tally, best);
    }

    /**
     * How the {@link Experiment#sweep()} call that returned this went: runs completed, pruned, skipped (done before),
     * failed and left to other processes. Empty for results opened with {@link Experiments#openSweep}.
     */
    public Optional<Tally> tally() {
        return Optional.ofNullable(tally);
    }

    /** Of an adaptive sweep just run: the best trial with a result; empty otherwise. */
    public Optional<Best> best() {
        return Optional.ofNullable(best);
    }

    /**
     * When this process was asked to stop by a signal (TERM, INT) during the sweep: its name. The runs in progress
     * were recorded {@code interrupted}; running the sweep again continues them.
     */
    public Optional<String> stoppedBy() {
        return Experiment.stopSignal();
    }

    /** Writes the sweep's report into its folder (as {@link Experiments#report}, the claims file found by itself). */
    public Report report(Path dataDir) {
        return Experiments.report(dir, dataDir, null);
    }

    /** {@code summary.csv}, the table. */
    public Path tableFile() {
        return dir.resolve(SweepFolder.SUMMARY);
    }

    /** The sweep folder, {@code <results>/<sweep-name>}. */
    public Path dir() {
        return dir;
    }

    /** Every planned run in plan order, finished or not; empty when the sweep never started. */
    public List<RunResults> runs() {
        return entries().stream().map(e -> RunResults.open(dir.resolve(e.runId()))).toList();
    }

    /** The table: one row per finished run (label, swept values, status, metrics, times), as in {@code summary.csv}. */
    public List<Row> table() {
        return RunResults.rows(CurveTable.read(dir.resolve(SweepFolder.SUMMARY)));
    }

    /** How many runs have each status (constants in {@link djlab.results.Summary}), in plan order of first sight. */
    public Map<String, Integer> statuses() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RunResults run : runs()) counts.merge(run.status(), 1, Integer::sum);
        return counts;
    }

    /** Whether every planned run completed. */
    public boolean allCompleted() {
        List<RunResults> runs = runs();
        return !runs.isEmpty() && runs.stream().allMatch(RunResults::completed);
    }

    /**
     * Where every planned run stands, as {@code djlab status} shows it: counts per state, each run's state with who
     * trains it or how far it got, and an adaptive sweep's trials. Throws {@link BadInputException} when the folder is not
     * a sweep's (no {@code plan.json}: written when a sweep starts).
     */
    public Progress progress() {
        if (Files.isRegularFile(dir)) throw new BadInputException(dir.toString(), null, "expected a sweep folder, it is a file");
        SweepFolder folder = new SweepFolder(dir);
        SweepFolder.Plan plan = folder.plan().orElseThrow(() -> new BadInputException(dir.toString(), null,
                "not a sweep folder: expected " + SweepFolder.PLAN + " in it (written when a sweep starts)"));
        List<RunState> runs = new ArrayList<>();
        folder.states(plan.runs()).forEach((state, entries) -> {
            for (SweepFolder.Entry e : entries) {
                runs.add(new RunState(e.label(), e.runId(), state.word(), folder.detail(e, state)));
            }
        });
        return new Progress(plan.sweep(), plan.runs().size(), runs, TrialStates.lines(dir));
    }

    /**
     * One planned run's state: {@code done}, {@code failed}, {@code running}, {@code interrupted}, {@code pending} or
     * {@code pruned}; {@code detail} says who trains a running run (host, pid, heartbeat age) or how far an
     * interrupted one got, else empty.
     */
    public record RunState(String label, String runId, String state, String detail) {

        /** Failed, running or interrupted: what someone watching the sweep wants to see. */
        public boolean needsAttention() {
            return state.equals(SweepFolder.State.FAILED.word()) || state.equals(SweepFolder.State.RUNNING.word())
                    || state.equals(SweepFolder.State.INTERRUPTED.word());
        }
    }

    /**
     * A sweep's progress.
     *
     * @param runs every planned run, grouped by state (done, failed, running, interrupted, pending, pruned)
     * @param trials an adaptive sweep's trials, one line each (state, rung, value) and the best so far; else empty
     */
    public record Progress(String sweep, int planned, List<RunState> runs, List<String> trials) {

        /** How many runs are in each state, in the order above; pruned only when some are (only adaptive sweeps prune). */
        public Map<String, Integer> counts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (SweepFolder.State s : SweepFolder.State.values()) counts.put(s.word(), 0);
            for (RunState r : runs) counts.merge(r.state(), 1, Integer::sum);
            if (counts.get(SweepFolder.State.PRUNED.word()) == 0) counts.remove(SweepFolder.State.PRUNED.word());
            return counts;
        }
    }

    private List<SweepFolder.Entry> entries() {
        return new SweepFolder(dir).plan().map(SweepFolder.Plan::runs).orElse(List.of());
    }

    @Override
    public String toString() {
        return "sweep " + dir + " " + statuses();
    }
}
