package djlab.cli;

import djlab.api.Experiment;
import djlab.api.Plan;
import djlab.api.PlannedRun;
import djlab.api.Report;
import djlab.api.SweepResults;
import djlab.api.Tally;
import djlab.results.Folders;
import djlab.sweep.SweepExpansion;
import djlab.train.ProgressDisplay;
import djlab.train.StopRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every variant of a spec's sweep section (grid, variants, random, seeds) into "
                + "<results>/<sweep-name>/<run-id>/, skipping runs already completed, and write summary.csv.")
final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "SPEC", arity = "1..*",
            description = "Spec with a sweep section (YAML or JSON); several only with --smoke (one JVM for all).")
    List<Path> specFiles;

    @Mixin
    SpecOptions options;

    @Option(names = "--dry-run", description = "Print the planned runs and whether each is done; train nothing.")
    boolean dryRun;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", converter = Values.AtLeastOne.class,
            description = "Runs trained at once in this JVM, sharing the cores (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--shard", paramLabel = "I/N", converter = Values.ShardSlice.class,
            description = "Run only slice I (counted from 0) of N: for job arrays writing into one results folder.")
    Values.Shard shard;

    @Option(names = "--only", paramLabel = "GLOB", description = "Run only runs whose label matches, e.g. 'batchnorm=true*'.")
    String only;

    @Option(names = "--force", description = "Train again runs that have completed before.")
    boolean force;

    @Option(names = "--restart", description = "Throw away the checkpoints of interrupted runs and start them over.")
    boolean restart;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30", converter = Values.Grace.class,
            description = "After SIGTERM or SIGINT, seconds for the runs in progress to reach a batch boundary and "
                    + "save a checkpoint before exiting regardless (default: ${DEFAULT-VALUE}).")
    int grace;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0", converter = Values.AtLeastZero.class,
            description = "Try a run that fails with an error (not one that diverged, not bad input) up to N more "
                    + "times (default: ${DEFAULT-VALUE}); its summary.json counts the attempts and keeps their errors.")
    int retries;

    @Option(names = "--report", description = "Write report.html and report.md into the sweep folder at the end.")
    boolean report;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "" + SweepExpansion.DEFAULT_MAX_RUNS,
            converter = Values.MaxRuns.class,
            description = "Refuse a sweep planning more runs than this (default: ${DEFAULT-VALUE}).")
    long maxRuns;

    @Option(names = "--smoke", description = "Every variant for a few iterations on a small slice, into a throw-away "
            + "folder; fails if any cannot build, train or record.")
    boolean smoke;

    @Override
    public Integer call() throws IOException {
        StopRequest.graceSeconds(grace);
        if (specFiles.size() > 1 && !smoke) {
            throw new Main.BadArguments(spec, "SPEC", "expected one spec (several only with --smoke), got " + specFiles.size());
        }
        Path results = smoke ? Files.createTempDirectory("djlab-smoke") : options.results;
        try {
            int worst = 0;
            for (Path specFile : specFiles) worst = Math.max(worst, sweep(experiment(specFile, results)));
            return worst;
        } finally {
            if (smoke) Folders.deleteTree(results);
        }
    }

    private Experiment experiment(Path specFile, Path results) {
        Experiment e = options.experiment(specFile).results(results).parallel(parallel).retries(retries)
                .maxRuns(maxRuns).force(force).restart(restart).smoke(smoke)
                .progress(Output.stream(spec.commandLine().getErr()), ProgressDisplay.isTerminal());
        if (shard != null) e = e.shard(shard.index(), shard.count());
        return only == null ? e : e.only(only);
    }

    private int sweep(Experiment experiment) {
        PrintWriter out = spec.commandLine().getOut();
        // An adaptive sweep's smoke test trains its first run even with --dry-run.
        if (dryRun && !(smoke && experiment.isAdaptive())) {
            Plan plan = experiment.plan();
            for (PlannedRun run : plan.runs()) {
                out.printf("%-60s %s %s%n", run.label(), run.runId(), run.completed() ? "done" : "to run");
            }
            plan.adaptive().ifPresentOrElse(a -> adaptiveOutline(plan, a),
                    () -> out.printf("%d runs planned in %s (%d done, %d to run)%n", plan.runs().size(), plan.folder(),
                            plan.done(), plan.toRun()));
            return 0;
        }
        SweepResults sweep = experiment.sweep();
        Tally tally = sweep.tally().orElseThrow();
        String name = sweep.dir().getFileName().toString();
        if (sweep.stoppedBy().isPresent()) {
            out.printf("%s: stopped by SIG%s: %d completed, %d skipped (done before), %d failed; run the sweep "
                    + "again to continue%n", name, sweep.stoppedBy().get(), tally.completed(), tally.skipped(),
                    tally.failed());
            return StopRequest.exitCode(sweep.stoppedBy().get());
        }
        // An adaptive sweep's smoke test (one run) has nothing to sum up.
        if (smoke && experiment.isAdaptive()) return tally.allGood() ? 0 : Main.FAILED;
        boolean adaptive = experiment.isAdaptive();
        String best = sweep.best().map(b -> String.format(Locale.ROOT, "; best so far: trial %d, %s %.4f",
                b.trial(), b.metric(), b.value())).orElse("");
        out.printf("%s: %d completed, %s%d skipped (done before), %d failed%s%s; table: %s%n", name,
                tally.completed(), adaptive ? tally.pruned() + " pruned, " : "", tally.skipped(), tally.failed(),
                tally.elsewhere() == 0 ? "" : ", " + tally.elsewhere() + " running elsewhere (left to them)", best,
                sweep.tableFile());
        if (report && !smoke) {
            Report written = sweep.report(options.data.dataDir);
            out.print(written.table());
            out.printf("report: %s (%.1f MB)%n", written.html(), written.htmlBytes() / 1e6);
        }
        return tally.allGood() ? 0 : Main.FAILED;
    }

    private void adaptiveOutline(Plan plan, Plan.Adaptive a) {
        PrintWriter out = spec.commandLine().getOut();
        if (a.pruner() != null) {
            out.printf("%s pruning: trials judged at the end of epochs %s of %d (mean over seeds)%n", a.pruner(),
                    a.rungs(), a.epochsPerRun());
        }
        out.printf("tpe search: %d trials x %d seed%s in %s; %d runs known now, the rest proposed as trials "
                + "finish (trial k from trials 1..k-%d, the first %d drawn at random); objective %s (%s, mean over "
                + "seeds); budget at most %d epochs%n", a.trials(), a.seedsPerTrial(), a.seedsPerTrial() == 1 ? "" : "s",
                plan.folder(), plan.runs().size(), a.inFlight(), a.startup(), a.metric(), a.mode(), a.epochBudget());
    }
}
