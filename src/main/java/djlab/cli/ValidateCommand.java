package djlab.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import djlab.model.Architecture;
import djlab.model.Footprint;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.sweep.AdaptivePlan;
import djlab.sweep.SweepExpansion;
import djlab.sweep.SweepPlan;
import djlab.train.RunPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec without training: print the resolved spec, the layers with their output shapes, "
                + "and the parameter count. For a sweep, every run is checked and listed.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Experiment specs (YAML or JSON), one or more.")
    List<Path> specFiles;

    @Mixin
    SpecOptions options;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "" + SweepExpansion.DEFAULT_MAX_RUNS,
            description = "Refuse a sweep planning more runs than this (default: ${DEFAULT-VALUE}).")
    long maxRuns;

    @Override
    public Integer call() {
        for (Path specFile : specFiles) validate(specFile);
        return 0;
    }

    private void validate(Path specFile) {
        if (SpecFiles.read(specFile, options.sets).has("sweep")) {
            // An adaptive search proposes its trials as results come in: its startup trials and the ends of every
            // range are what can be checked before it runs (AdaptivePlan.of does).
            java.util.Optional<AdaptivePlan> adaptive = AdaptivePlan.of(specFile, options.sets, List.of(), options.locations());
            if (adaptive.isPresent()) {
                AdaptivePlan plan = adaptive.get();
                System.out.println("# adaptive sweep " + plan.name() + ": up to " + plan.trials() + " trials of "
                        + plan.seedsPerTrial() + " seed(s); the first " + plan.startup() + " trials and both ends of "
                        + "every range valid (djlab sweep --dry-run shows the rungs and the budget)");
                System.out.println("# first trial");
                describe(plan.runs(1, plan.search().point(1, j -> Double.NaN)).get(0));
                return;
            }
            SweepPlan sweep = SweepPlan.of(specFile, options.sets, List.of(), options.locations(), maxRuns);
            System.out.println("# sweep " + sweep.name() + ": " + sweep.runs().size() + " runs, every one valid");
            for (RunPlan run : sweep.runs()) {
                System.out.printf("  %-60s %s%n", run.label().label(), run.runId());
            }
            System.out.println("# first run");
            describe(sweep.runs().get(0));
            return;
        }
        ExperimentSpec spec = SpecFiles.load(specFile, options.sets);
        describe(RunPlan.of(specFile.toString(), spec, null, options.locations()));
    }

    /** Networks up to this many parameters are built to print their layers; larger ones are counted. */
    static final long BUILD_LIMIT = 100_000_000;

    private static void describe(RunPlan plan) {
        ExperimentSpec spec = plan.spec();
        System.out.println("# resolved spec (run-id " + plan.runId() + ")");
        System.out.print(SpecFiles.toYaml(spec));
        System.out.println();
        System.out.println("# data: " + spec.data().dataset() + " from "
                + plan.dataFolder().map(Path::toString).orElse(plan.dataset() == djlab.data.DataSetKind.PLUGIN
                        ? "its plug-in" : "DJL's download (no local folder given)"));
        // A plug-in's network has no layer specs to count from: it is built (it was once already, to check it).
        boolean provided = spec.model().provider() != null;
        Footprint footprint = Footprint.of(plan.layers());
        if (provided || footprint.parameters() <= BUILD_LIMIT) {
            Shape input = plan.inputShape(1);
            try (NDManager manager = NDManager.newBaseManager()) {
                Architecture architecture = Architecture.of(plan.block(), plan.layers(), input, manager);
                System.out.println("# architecture");
                System.out.print(architecture.format());
            }
        } else {
            // Building would allocate (and fill) every parameter: seconds to minutes and gigabytes for nothing.
            System.out.println("# architecture (counted from the shapes, not built: over " + BUILD_LIMIT / 1_000_000
                    + " million parameters)");
            System.out.print(footprint.format(plan.imageShape()));
        }
        int batch = spec.train().batchSize();
        if (!provided) {
            System.out.println("# memory: about " + Footprint.size(footprint.trainingBytes(batch, spec.train().optimizer()))
                    + " to train (parameters with gradients and optimizer state "
                    + Footprint.size(footprint.parameterBytes(spec.train().optimizer())) + ", activations of a batch of "
                    + batch + " " + Footprint.size(footprint.activationBytes(batch)) + ")");
        }
        System.out.println("# results: " + plan.folder().dir() + (plan.folder().isCompleted() ? " (completed)" : ""));
    }
}
