package djlab.cli;

import djlab.api.Plan;
import djlab.api.PlannedRun;
import djlab.sweep.SweepExpansion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec without training: print the resolved spec, the layers with their output shapes, "
                + "and the parameter count. For a sweep, every run is checked and listed.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Experiment specs (YAML or JSON), one or more.")
    List<Path> specFiles;

    @Mixin
    SpecOptions options;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "" + SweepExpansion.DEFAULT_MAX_RUNS,
            converter = Values.MaxRuns.class,
            description = "Refuse a sweep planning more runs than this (default: ${DEFAULT-VALUE}).")
    long maxRuns;

    @Override
    public Integer call() {
        for (Path specFile : specFiles) validate(options.experiment(specFile).maxRuns(maxRuns).plan());
        return 0;
    }

    private void validate(Plan plan) {
        PrintWriter out = spec.commandLine().getOut();
        if (plan.adaptive().isPresent()) {
            // An adaptive search proposes its trials as results come in: its startup trials and the ends of every
            // range are what can be checked before it runs.
            Plan.Adaptive a = plan.adaptive().get();
            out.println("# adaptive sweep " + plan.name() + ": up to " + a.trials() + " trials of " + a.seedsPerTrial()
                    + " seed(s); the first " + a.startup() + " trials and both ends of every range valid (djlab sweep "
                    + "--dry-run shows the rungs and the budget)");
            out.println("# first trial");
        } else if (plan.isSweep()) {
            out.println("# sweep " + plan.name() + ": " + plan.runs().size() + " runs, every one valid");
            for (PlannedRun run : plan.runs()) out.printf("  %-60s %s%n", run.label(), run.runId());
            out.println("# first run");
        }
        out.print(plan.describeFirstRun());
        out.flush();
    }
}
