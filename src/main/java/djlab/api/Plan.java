package djlab.api;

import djlab.train.RunPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an experiment plans, checked, before anything trains: its runs (a sweep's selected by
 * {@link Experiment#shard}, {@link Experiment#only} and {@link Experiment#smoke}) and whether each is done already.
 * Got from {@link Experiment#plan()}; what {@code djlab validate} and {@code djlab sweep --dry-run} print.
 */
public final class Plan {

    /**
     * An adaptive (tpe) sweep's outline: its trials are proposed as earlier ones finish, so only those known now are
     * among {@link Plan#runs()}.
     *
     * @param startup the trials drawn at random before the search models the results
     * @param inFlight trial k is proposed from trials 1..k-inFlight
     * @param pruner the pruning rule's name, or null when the sweep does not prune
     * @param rungs the epochs at whose end a trial is judged (empty without pruning)
     * @param epochsPerRun the epochs of each run
     * @param epochBudget at most this many epochs over the whole sweep
     */
    public record Adaptive(int trials, int seedsPerTrial, int startup, int inFlight, String metric, String mode,
            String pruner, List<Integer> rungs, int epochsPerRun, long epochBudget) {}

    private final String name;
    private final Path folder;
    private final boolean sweep;
    private final List<PlannedRun> runs;
    private final Adaptive adaptive;
    private final RunPlan first;

    Plan(String name, Path folder, boolean sweep, List<PlannedRun> runs, Adaptive adaptive, RunPlan first) {
        this.name = name;
        this.folder = folder;
        this.sweep = sweep;
        this.runs = List.copyOf(runs);
        this.adaptive = adaptive;
        this.first = first;
    }

    /** The spec's (or sweep's) name. */
    public String name() {
        return name;
    }

    /** The sweep folder {@code <results>/<sweep-name>}, or a single run's folder. */
    public Path folder() {
        return folder;
    }

    public boolean isSweep() {
        return sweep;
    }

    /** The planned runs, in plan order. */
    public List<PlannedRun> runs() {
        return runs;
    }

    /** How many of the planned runs have completed before (they would be skipped). */
    public long done() {
        return runs.stream().filter(PlannedRun::completed).count();
    }

    /** How many of the planned runs would be trained. */
    public long toRun() {
        return runs.size() - done();
    }

    /** The outline of an adaptive (tpe) sweep; empty for a single run, a grid or a random search. */
    public Optional<Adaptive> adaptive() {
        return Optional.ofNullable(adaptive);
    }

    /**
     * The first run described as {@code djlab validate} prints it: the resolved spec, where the data comes from, the
     * layers with their output shapes and parameters (the network is built for it, unless it is too large), the
     * memory training needs, and the run folder.
     */
    public String describeFirstRun() {
        return RunDescription.of(first);
    }

    @Override
    public String toString() {
        return "plan " + name + ": " + runs.size() + " runs (" + done() + " done)";
    }
}
