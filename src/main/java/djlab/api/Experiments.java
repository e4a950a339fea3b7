package djlab.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.plugin.Plugins;
import djlab.report.Reports;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import djlab.train.SavedRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.List;

/**
 * DJLab from Java: the one entry point. Load a spec (from a file, from YAML or JSON text, or built in code), override
 * fields, validate, run or sweep it, and read what runs and sweeps recorded.
 *
 * <pre>{@code
 * Experiment e = Experiments.load(Path.of("experiments/quickstart/mlp.yaml"))
 *         .set("train.optimizer.lr", 0.05)
 *         .dataDir(Path.of("../shared/data"));
 * RunResults run = e.run();
 * double accuracy = run.metric(Metrics.TEST_ACCURACY).last();
 * List<Row> curve = run.epochs();
 *
 * SweepResults sweep = Experiments.load(Path.of("experiments/quickstart/bn-vs-no-bn.yaml")).sweep();
 * sweep.table().forEach(row -> System.out.println(row.text("label") + " " + row.number("final_test_accuracy")));
 * }</pre>
 *
 * <p>Bad input throws {@link BadInputException} (a {@link RuntimeException}) whose message is the one line the CLI prints;
 * a run that fails or diverges is not an exception: its {@link RunResults#status()} says so.
 *
 * <p>Networks and data sets of plug-ins ({@link djlab.plugin.ModelProvider}, {@link djlab.plugin.DataProvider}) on
 * the class path are found without further ado; {@link #usePlugins(List)} adds jars.
 */
public final class Experiments {

    private Experiments() {}

    /** A spec file (YAML or JSON) with what it {@code extends}; a missing {@code name} is the file's name. */
    public static Experiment load(Path file) {
        return new Experiment(file.toString(), SpecFiles.read(file, List.of()));
    }

    /**
     * A spec given as YAML or JSON text. {@code extends} is resolved against the working directory; a missing
     * {@code name} is {@code experiment}.
     */
    public static Experiment parse(String text) {
        JsonNode node;
        try {
            node = SpecFiles.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(Experiment.TEXT, null, "not valid YAML/JSON: " + e.getOriginalMessage().lines()
                    .findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new BadInputException(Experiment.TEXT, null, "expected a mapping of spec fields, got "
                    + (node == null ? "nothing" : SpecFiles.describe(node)));
        }
        ObjectNode tree = (ObjectNode) node;
        JsonNode parent = tree.remove("extends");
        if (parent != null) {
            if (!parent.isTextual()) {
                throw new BadInputException(Experiment.TEXT, "extends", "expected a file path, got " + SpecFiles.describe(parent));
            }
            ObjectNode base = SpecFiles.read(Path.of(parent.asText()));
            SpecFiles.merge(base, tree);
            tree = base;
        }
        if (!tree.has("name")) tree.put("name", "experiment");
        return new Experiment(Experiment.TEXT, tree);
    }

    /** A spec built in code (its records); may not have a sweep. */
    public static Experiment of(ExperimentSpec spec) {
        return new Experiment(Experiment.CODE, SpecFiles.toTree(spec));
    }

    /** What a run folder ({@code <results>/<name>/<run-id>}) recorded, finished or not. */
    public static RunResults openRun(Path runDir) {
        return RunResults.open(runDir);
    }

    /** What a sweep folder ({@code <results>/<sweep-name>}) recorded: its runs and its table. */
    public static SweepResults openSweep(Path sweepDir) {
        return SweepResults.open(sweepDir);
    }

    /**
     * Writes {@code report.html}, {@code report.md} and their pictures into a run or sweep folder, from what it
     * recorded; nothing is trained again. {@code dataDir} (or null) is where the test data is, for the confusion
     * matrix and misclassified images; {@code claims} (or null: found beside the sweep's spec) a study's claims file.
     */
    public static Report report(Path dir, Path dataDir, Path claims) {
        return Report.of(Reports.write(dir, dataDir, claims));
    }

    /**
     * Puts the runs of several run or sweep folders side by side in one report written into {@code out} (null:
     * {@code results/compare-<yyyyMMdd-HHmmss>}).
     */
    public static Report compare(List<Path> dirs, Path out, Path dataDir, Path claims) {
        Path target = out != null ? out : Path.of("results", "compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        return Report.of(Reports.compare(dirs, target, dataDir, claims));
    }

    /**
     * Loads a run's saved network and scores it on its test set again, the data found as {@code dataDir} says (null:
     * {@code DJLAB_DATA_DIR}, else DJL's download), as {@code djlab evaluate}. Throws {@link BadInputException} for a
     * folder without a trained network or with damaged parameters.
     */
    public static Evaluation evaluate(Path runDir, Path dataDir) {
        return Evaluation.of(runDir, SavedRun.evaluate(runDir, RunPlan.Locations.of(Path.of("results"), dataDir)));
    }

    /**
     * Loads the plug-ins of {@code jars} (jars or folders of jars) besides those on the class path and in
     * {@code DJLAB_PLUGINS}, for every spec loaded afterwards in this JVM (as {@code djlab --plugins}).
     */
    public static void usePlugins(List<Path> jars) {
        Plugins.use(jars.stream().map(Path::toString).toList());
    }
}
