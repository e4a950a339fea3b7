package djlab.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.sweep.AdaptivePlan;
import djlab.sweep.AdaptiveSweep;
import djlab.sweep.SweepExpansion;
import djlab.sweep.SweepPlan;
import djlab.sweep.SweepRunner;
import djlab.train.RunPlan;
import djlab.train.Runner;
import djlab.train.StopRequest;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A spec, with its overrides, where its results go and how it is run; immutable: every {@code set} and option
 * returns a new one. Get one from {@link Experiments}.
 */
public final class Experiment {

    static final String TEXT = "<text>";
    static final String CODE = "<code>";

    /** What {@link #smoke(boolean)} sets on every run: a few iterations on a small slice, on the CPU. */
    public static final List<String> SMOKE = List.of("data.limit.train=256", "data.limit.test=128", "data.validation=32",
            "train.epochs=1", "train.device=cpu", "train.log_every=1");

    /** How the experiment is run: everything but the spec. */
    private record Options(Path results, Path dataDir, boolean force, boolean restart, int parallel, int retries,
            long maxRuns, int shardIndex, int shardCount, String only, boolean smoke, PrintStream progress,
            boolean terminal) {}

    private final String source;
    private final ObjectNode tree;
    private final Options options;

    Experiment(String source, ObjectNode tree) {
        this(source, tree, new Options(Path.of("results"), null, false, false, 1, 0, SweepExpansion.DEFAULT_MAX_RUNS,
                0, 1, null, false, null, false));
    }

    private Experiment(String source, ObjectNode tree, Options options) {
        this.source = source;
        this.tree = tree;
        this.options = options;
    }

    /** Where the spec came from (its file, {@code <text>} or {@code <code>}), as error messages name it. */
    public String source() {
        return source;
    }

    /** The spec's name: its results folder under {@link #results(Path)}. */
    public String name() {
        return tree.path("name").asText();
    }

    /** Whether the spec has a {@code sweep} section (then {@link #sweep()}, not {@link #run()}). */
    public boolean isSweep() {
        return tree.has("sweep");
    }

    /** Whether the spec's sweep is adaptive ({@code search: {type: tpe}}): its trials are proposed as earlier ones finish. */
    public boolean isAdaptive() {
        return djlab.spec.SweepSpec.Search.TPE.equals(tree.path("sweep").path("search").path("type").asText(null));
    }

    /**
     * Overrides one field, as {@code --set}: a dotted path ({@code train.optimizer.lr}, {@code model.args.heads},
     * {@code model.hidden.0}) and a value (a number, string, boolean, list or map; null removes the field).
     */
    public Experiment set(String key, Object value) {
        ObjectNode copy = tree.deepCopy();
        try {
            SpecFiles.set(copy, key, SpecFiles.json().valueToTree(value));
        } catch (BadInputException e) {
            throw new BadInputException(source, e.field(), e.problem());
        }
        return new Experiment(source, copy, options);
    }

    /** Overrides fields written as {@code --set} takes them: {@code KEY=VALUE}, the value read as YAML. */
    public Experiment override(String... keyEqualsValue) {
        return override(List.of(keyEqualsValue));
    }

    /** As {@link #override(String...)}, for a list of them. */
    public Experiment override(List<String> keyEqualsValue) {
        ObjectNode copy = tree.deepCopy();
        try {
            SpecFiles.applySets(copy, keyEqualsValue);
        } catch (BadInputException e) {
            throw new BadInputException(source, e.field(), e.problem());
        }
        return new Experiment(source, copy, options);
    }

    /** Where run folders go (default {@code results} in the working directory). */
    public Experiment results(Path folder) {
        return with(new Options(folder, options.dataDir, options.force, options.restart, options.parallel,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, options.only, options.smoke,
                options.progress, options.terminal));
    }

    /** Where data sets are found, as {@code --data-dir} (default: {@code DJLAB_DATA_DIR}, else DJL's download). */
    public Experiment dataDir(Path folder) {
        return with(new Options(options.results, folder, options.force, options.restart, options.parallel,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, options.only, options.smoke,
                options.progress, options.terminal));
    }

    /** Train again runs that have completed before (default: a completed run is not trained again). */
    public Experiment force(boolean again) {
        return with(new Options(options.results, options.dataDir, again, options.restart, options.parallel,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, options.only, options.smoke,
                options.progress, options.terminal));
    }

    /** Throw away the checkpoint of an interrupted run and start it over (default: continue from the checkpoint). */
    public Experiment restart(boolean over) {
        return with(new Options(options.results, options.dataDir, options.force, over, options.parallel,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, options.only, options.smoke,
                options.progress, options.terminal));
    }

    /**
     * Runs of a sweep trained at once in this JVM (default 1), the cores split between them (which takes effect only
     * if no network has been trained in this JVM yet: PyTorch reads its thread count once).
     */
    public Experiment parallel(int runs) {
        if (runs < 1) throw new BadInputException(source, "parallel", "expected an integer >= 1, got " + runs);
        return with(new Options(options.results, options.dataDir, options.force, options.restart, runs,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, options.only, options.smoke,
                options.progress, options.terminal));
    }

    /**
     * How many more times a sweep tries a run that fails with an error (not one that diverged, not bad input); its
     * summary.json counts the attempts and keeps their errors. Default 0.
     */
    public Experiment retries(int times) {
        if (times < 0) throw new BadInputException(source, "retries", "expected an integer >= 0, got " + times);
        return with(new Options(options.results, options.dataDir, options.force, options.restart, options.parallel,
                times, options.maxRuns, options.shardIndex, options.shardCount, options.only, options.smoke,
                options.progress, options.terminal));
    }

    /** Refuse a sweep planning more runs than this (default {@link SweepExpansion#DEFAULT_MAX_RUNS}). */
    public Experiment maxRuns(long runs) {
        if (runs < 1) throw new BadInputException(source, "max_runs", "expected an integer >= 1, got " + runs);
        return with(new Options(options.results, options.dataDir, options.force, options.restart, options.parallel,
                options.retries, runs, options.shardIndex, options.shardCount, options.only, options.smoke,
                options.progress, options.terminal));
    }

    /**
     * Only slice {@code index} (from 0) of {@code count} of a sweep's runs (every count-th run; of an adaptive sweep,
     * every count-th trial): for job arrays writing into one results folder.
     */
    public Experiment shard(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException(source, "shard", "expected I/N with 0 <= I < N (e.g. 0/4), got '" + index + "/"
                    + count + "'");
        }
        return with(new Options(options.results, options.dataDir, options.force, options.restart, options.parallel,
                options.retries, options.maxRuns, index, count, options.only, options.smoke, options.progress,
                options.terminal));
    }

    /** Only the sweep's runs whose label matches a glob ({@code *} any text, {@code ?} one character). */
    public Experiment only(String glob) {
        return with(new Options(options.results, options.dataDir, options.force, options.restart, options.parallel,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, glob, options.smoke,
                options.progress, options.terminal));
    }

    /**
     * A smoke test of a sweep: the first run of every variant (of an adaptive sweep: of the first trial) for a few
     * iterations on a small slice on the CPU ({@link #SMOKE}), to find any variant that cannot build, train or record.
     */
    public Experiment smoke(boolean small) {
        return with(new Options(options.results, options.dataDir, options.force, options.restart, options.parallel,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, options.only, small,
                options.progress, options.terminal));
    }

    /** Where progress lines go (default: nowhere). */
    public Experiment progress(PrintStream out) {
        return progress(out, false);
    }

    /** Where progress goes, and whether it is a terminal (then a progress bar redrawn in place, else lines). */
    public Experiment progress(PrintStream out, boolean terminal) {
        return with(new Options(options.results, options.dataDir, options.force, options.restart, options.parallel,
                options.retries, options.maxRuns, options.shardIndex, options.shardCount, options.only, options.smoke,
                out, terminal));
    }

    /** The spec as YAML, overrides applied, before defaults are filled in. */
    public String toYaml() {
        return SpecFiles.toYaml(tree);
    }

    /**
     * The fully resolved spec of a single run: every default filled in, validated. Throws {@link BadInputException} for
     * bad input, and for a sweep.
     */
    public ExperimentSpec spec() {
        return SpecFiles.bind(source, tree.deepCopy());
    }

    /**
     * Checks everything that can be checked without training (the spec, the data's folder, the network's shapes; a
     * sweep's every run, an adaptive sweep's startup trials and both ends of every range) and lists the planned runs
     * with whether each is done. Throws {@link BadInputException} for bad input; writes nothing.
     */
    public Plan plan() {
        RunPlan.Locations where = locations();
        if (!isSweep()) {
            RunPlan run = runPlan(where);
            return new Plan(run.spec().name(), run.folder().dir(), false, List.of(PlannedRun.of(run)), null, run);
        }
        Optional<AdaptivePlan> adaptive = adaptivePlan(where);
        if (adaptive.isPresent()) {
            AdaptivePlan plan = adaptive.get();
            AdaptiveSweep sweep = new AdaptiveSweep(plan, options.parallel, options.restart, false, out());
            RunPlan first = plan.runs(1, sweep.point(1)).get(0);
            int perRun = first.spec().train().epochs();
            Plan.Adaptive outline = new Plan.Adaptive(plan.trials(), plan.seedsPerTrial(), plan.startup(),
                    plan.inFlight(), plan.objective().metric(), plan.objective().mode(),
                    plan.pruner() == null ? null : plan.pruner().name(),
                    plan.pruner() == null ? List.of() : plan.pruner().checkpoints(perRun), perRun,
                    (long) plan.trials() * plan.seedsPerTrial() * perRun);
            return new Plan(plan.name(), plan.folder().dir(), true,
                    sweep.knownRuns().stream().map(PlannedRun::of).toList(), outline, first);
        }
        SweepPlan plan = sweepPlan(where);
        return new Plan(plan.name(), plan.folder().dir(), true, selected(plan).stream().map(PlannedRun::of).toList(),
                null, plan.runs().get(0));
    }

    /** The planned runs, checked as by {@link #plan()}. Throws {@link BadInputException} for bad input; writes nothing. */
    public List<PlannedRun> validate() {
        return plan().runs();
    }

    /**
     * Trains the single run and returns what it recorded: unless it has completed before ({@link RunResults#skipped()})
     * or another process is training it ({@link RunResults#heldElsewhere()}).
     */
    public RunResults run() {
        RunPlan plan = runPlan(locations());
        Runner.Outcome outcome = Runner.run(plan, options.force, options.restart,
                new Runner.Display(options.terminal, out()));
        return RunResults.of(outcome.plan().folder().dir(), outcome.skipped(), outcome.elsewhere(), outcome.summary());
    }

    /**
     * Runs the sweep: every planned (and selected) run not completed before, {@link #parallel(int)} at a time; a run
     * that fails is recorded and the sweep goes on. Returns the sweep folder's results with how this call went
     * ({@link SweepResults#tally()}).
     */
    public SweepResults sweep() {
        RunPlan.Locations where = locations();
        Optional<AdaptivePlan> adaptive = adaptivePlan(where);
        if (adaptive.isPresent()) {
            AdaptivePlan plan = adaptive.get();
            if (options.smoke) {
                AdaptiveSweep sweep = new AdaptiveSweep(plan, options.parallel, options.restart, false, out());
                return SweepResults.of(plan.folder().dir(), tally(sweep.smoke(), 0), null);
            }
            SweepRunner.shareCores(options.parallel);
            AdaptiveSweep sweep = new AdaptiveSweep(plan, options.parallel, options.restart, options.terminal, out());
            SweepRunner.Tally tally = sweep.run(options.shardIndex, options.shardCount);
            SweepResults.Best best = sweep.best().map(b -> new SweepResults.Best(b.getKey(), plan.objective().metric(),
                    b.getValue())).orElse(null);
            return SweepResults.of(plan.folder().dir(), tally(tally, sweep.pruned()), best);
        }
        SweepPlan plan = sweepPlan(where);
        List<RunPlan> selected = selected(plan);
        SweepRunner.shareCores(options.parallel);
        SweepRunner.Tally tally = new SweepRunner(plan, options.parallel, options.force, options.retries,
                options.terminal, out()).restart(options.restart).run(selected);
        return SweepResults.of(plan.folder().dir(), tally(tally, 0), null);
    }

    private static Tally tally(SweepRunner.Tally t, int pruned) {
        return new Tally(t.completed(), pruned, t.skipped(), t.failed(), t.elsewhere());
    }

    /** The runs a call trains: every run, or of a smoke test the first of each variant; then the shard; then --only. */
    private List<RunPlan> selected(SweepPlan plan) {
        List<RunPlan> selected = plan.runs();
        if (options.smoke) selected = firstOfEachVariant(selected);
        if (options.shardCount > 1) selected = SweepPlan.shard(selected, options.shardIndex, options.shardCount);
        if (options.only != null) {
            List<RunPlan> matching = SweepPlan.only(selected, options.only);
            if (matching.isEmpty()) {
                throw new BadInputException(null, "--only", "expected a pattern matching some run's label (e.g. '"
                        + plan.runs().get(0).label().label() + "'), got '" + options.only + "', which matches none");
            }
            selected = matching;
        }
        return selected;
    }

    private static List<RunPlan> firstOfEachVariant(List<RunPlan> runs) {
        Set<String> seen = new LinkedHashSet<>();
        List<RunPlan> first = new ArrayList<>();
        for (RunPlan r : runs) {
            if (seen.add(r.label().variant())) first.add(r);
        }
        return first;
    }

    private RunPlan runPlan(RunPlan.Locations where) {
        if (isSweep()) {
            throw new BadInputException(source, "sweep", "this spec is a sweep: call sweep(), not run()");
        }
        return RunPlan.of(source, spec(), null, where);
    }

    /** The sweep's plan if it is adaptive (tpe), checked against the options that cannot apply to one. */
    private Optional<AdaptivePlan> adaptivePlan(RunPlan.Locations where) {
        requireSweep();
        Optional<AdaptivePlan> adaptive = AdaptivePlan.of(source, tree.deepCopy(), smokeSets(), where);
        if (adaptive.isEmpty()) return adaptive;
        AdaptivePlan plan = adaptive.get();
        if (options.only != null) {
            throw new BadInputException(null, "--only", "not for a tpe search: each trial depends on the ones before");
        }
        if (options.force) {
            throw new BadInputException(null, "--force", "not for a tpe search: later trials were proposed from the "
                    + "earlier ones' results; use another --results folder to start afresh");
        }
        long runs = (long) plan.trials() * plan.seedsPerTrial();
        if (runs > options.maxRuns) {
            throw new BadInputException(plan.specFile(), "sweep", "expected at most " + options.maxRuns + " runs (raise "
                    + "the limit with --max-runs), got " + runs + " (" + plan.trials() + " trials x "
                    + plan.seedsPerTrial() + " seeds)");
        }
        return adaptive;
    }

    private SweepPlan sweepPlan(RunPlan.Locations where) {
        requireSweep();
        return SweepPlan.of(source, tree.deepCopy(), smokeSets(), where, options.maxRuns);
    }

    /** Of a spec file, SweepPlan's own message names the command to use instead; from text or code, the method. */
    private void requireSweep() {
        if (!isSweep() && (source.equals(TEXT) || source.equals(CODE))) {
            throw new BadInputException(source, "sweep", "expected a sweep section (grid, variants, random, seeds); for a "
                    + "single run call run()");
        }
    }

    private List<String> smokeSets() {
        return options.smoke ? SMOKE : List.of();
    }

    /** Where runs are written: a results folder that cannot be written into is bad input, before anything runs. */
    private RunPlan.Locations locations() {
        return RunPlan.Locations.forWriting(options.results, options.dataDir);
    }

    private PrintStream out() {
        return options.progress != null ? options.progress : new PrintStream(OutputStream.nullOutputStream());
    }

    private Experiment with(Options newOptions) {
        return new Experiment(source, tree, newOptions);
    }

    /** The signal (TERM, INT) that asked this process to stop, or empty: a run or sweep it stopped is continued by running it again. */
    static Optional<String> stopSignal() {
        return StopRequest.requested() ? Optional.of(StopRequest.signal().toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Experiment " + name() + " (" + source + ")";
    }
}
