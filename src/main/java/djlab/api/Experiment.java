package djlab.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.sweep.SweepExpansion;
import djlab.sweep.SweepPlan;
import djlab.sweep.SweepRunner;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A spec, with its overrides and where its results go; immutable: every {@code set} and option returns a new one.
 * Get one from {@link Experiments}.
 */
public final class Experiment {

    static final String TEXT = "<text>";
    static final String CODE = "<code>";

    private final String source;
    private final ObjectNode tree;
    private final Path results;
    private final Path dataDir;
    private final boolean force;
    private final int parallel;
    private final PrintStream progress;

    Experiment(String source, ObjectNode tree) {
        this(source, tree, Path.of("results"), null, false, 1, null);
    }

    private Experiment(String source, ObjectNode tree, Path results, Path dataDir, boolean force, int parallel,
            PrintStream progress) {
        this.source = source;
        this.tree = tree;
        this.results = results;
        this.dataDir = dataDir;
        this.force = force;
        this.parallel = parallel;
        this.progress = progress;
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
        return with(copy);
    }

    /** Overrides fields written as {@code --set} takes them: {@code KEY=VALUE}, the value read as YAML. */
    public Experiment override(String... keyEqualsValue) {
        ObjectNode copy = tree.deepCopy();
        try {
            SpecFiles.applySets(copy, List.of(keyEqualsValue));
        } catch (BadInputException e) {
            throw new BadInputException(source, e.field(), e.problem());
        }
        return with(copy);
    }

    /** Where run folders go (default {@code results} in the working directory). */
    public Experiment results(Path folder) {
        return new Experiment(source, tree, folder, dataDir, force, parallel, progress);
    }

    /** Where data sets are found, as {@code --data-dir} (default: {@code DJLAB_DATA_DIR}, else DJL's download). */
    public Experiment dataDir(Path folder) {
        return new Experiment(source, tree, results, folder, force, parallel, progress);
    }

    /** Train again runs that have completed before (default: a completed run is not trained again). */
    public Experiment force(boolean again) {
        return new Experiment(source, tree, results, dataDir, again, parallel, progress);
    }

    /**
     * Runs of a sweep trained at once in this JVM (default 1), the cores split between them (which takes effect only
     * if no network has been trained in this JVM yet: PyTorch reads its thread count once).
     */
    public Experiment parallel(int runs) {
        if (runs < 1) throw new BadInputException(source, "parallel", "expected an integer >= 1, got " + runs);
        return new Experiment(source, tree, results, dataDir, force, runs, progress);
    }

    /** Where progress lines go (default: nowhere). */
    public Experiment progress(PrintStream out) {
        return new Experiment(source, tree, results, dataDir, force, parallel, out);
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
     * sweep's every run) and lists the planned runs. Throws {@link BadInputException} for bad input; writes nothing.
     */
    public List<PlannedRun> validate() {
        List<RunPlan> plans = isSweep() ? sweepPlan(RunPlan.Locations.of(results, dataDir)).runs()
                : List.of(runPlan(RunPlan.Locations.of(results, dataDir)));
        return plans.stream().map(PlannedRun::of).toList();
    }

    /** Trains the single run (unless it has completed before) and returns what it recorded. */
    public RunResults run() {
        Runner.Outcome outcome = Runner.run(runPlan(writing()), force, new Runner.Display(false, out()));
        return RunResults.open(outcome.plan().folder().dir());
    }

    /**
     * Runs the sweep: every planned run not completed before, {@link #parallel(int)} at a time; a run that fails is
     * recorded and the sweep goes on. Returns the sweep folder's results.
     */
    public SweepResults sweep() {
        SweepPlan plan = sweepPlan(writing());
        SweepRunner.shareCores(parallel);
        new SweepRunner(plan, parallel, force, false, out()).run(plan.runs());
        return SweepResults.open(plan.folder().dir());
    }

    private RunPlan runPlan(RunPlan.Locations where) {
        if (isSweep()) {
            throw new BadInputException(source, "sweep", "this spec is a sweep: call sweep(), not run()");
        }
        return RunPlan.of(source, spec(), null, where);
    }

    private SweepPlan sweepPlan(RunPlan.Locations where) {
        if (!isSweep()) {
            throw new BadInputException(source, "sweep", "expected a sweep section (grid, variants, random, seeds); for a "
                    + "single run call run()");
        }
        return SweepPlan.of(source, tree.deepCopy(), List.of(), where, SweepExpansion.DEFAULT_MAX_RUNS);
    }

    /** Where runs are written: a results folder that cannot be written into is bad input, before anything runs. */
    private RunPlan.Locations writing() {
        return RunPlan.Locations.forWriting(results, dataDir);
    }

    private PrintStream out() {
        return progress != null ? progress : new PrintStream(OutputStream.nullOutputStream());
    }

    private Experiment with(ObjectNode newTree) {
        return new Experiment(source, newTree, results, dataDir, force, parallel, progress);
    }

    @Override
    public String toString() {
        return "Experiment " + name() + " (" + source + ")";
    }
}
