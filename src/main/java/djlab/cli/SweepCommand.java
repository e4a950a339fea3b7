package djlab.cli;

import djlab.train.StopRequest;
import djlab.results.Folders;
import djlab.report.Reports;
import djlab.sweep.AdaptivePlan;
import djlab.sweep.AdaptiveSweep;
import djlab.sweep.SweepExpansion;
import djlab.sweep.SweepPlan;
import djlab.sweep.SweepRunner;
import djlab.spec.BadInputException;
import djlab.train.ProgressDisplay;
import djlab.train.RunPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every variant of a spec's sweep section (grid, variants, random, seeds) into "
                + "<results>/<sweep-name>/<run-id>/, skipping runs already completed, and write summary.csv.")
final class SweepCommand implements Callable<Integer> {

    /** What --smoke sets on every run: a few iterations on a small slice, on the CPU. */
    static final List<String> SMOKE = List.of("data.limit.train=256", "data.limit.test=128", "data.validation=32",
            "train.epochs=1", "train.device=cpu", "train.log_every=1");

    @Parameters(paramLabel = "SPEC", arity = "1..*",
            description = "Spec with a sweep section (YAML or JSON); several only with --smoke (one JVM for all).")
    List<Path> specFiles;

    @Mixin
    SpecOptions options;

    @Option(names = "--dry-run", description = "Print the planned runs and whether each is done; train nothing.")
    boolean dryRun;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Runs trained at once in this JVM, sharing the cores (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only slice I (counted from 0) of N: for job arrays writing into one results folder.")
    String shard;

    @Option(names = "--only", paramLabel = "GLOB", description = "Run only runs whose label matches, e.g. 'batchnorm=true*'.")
    String only;

    @Option(names = "--force", description = "Train again runs that have completed before.")
    boolean force;

    @Option(names = "--restart", description = "Throw away the checkpoints of interrupted runs and start them over.")
    boolean restart;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "After SIGTERM or SIGINT, seconds for the runs in progress to reach a batch boundary and "
                    + "save a checkpoint before exiting regardless (default: ${DEFAULT-VALUE}).")
    int grace;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "Try a run that fails with an error (not one that diverged, not bad input) up to N more "
                    + "times (default: ${DEFAULT-VALUE}); its summary.json counts the attempts and keeps their errors.")
    int retries;

    @Option(names = "--report", description = "Write report.html and report.md into the sweep folder at the end.")
    boolean report;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "" + SweepExpansion.DEFAULT_MAX_RUNS,
            description = "Refuse a sweep planning more runs than this (default: ${DEFAULT-VALUE}).")
    long maxRuns;

    @Option(names = "--smoke", description = "Every variant for a few iterations on a small slice, into a throw-away "
            + "folder; fails if any cannot build, train or record.")
    boolean smoke;

    @Override
    public Integer call() throws IOException {
        if (parallel < 1) throw new BadInputException(null, "--parallel", "expected an integer >= 1, got " + parallel);
        StopRequest.graceSeconds(Main.grace(grace));
        if (retries < 0) throw new BadInputException(null, "--retries", "expected an integer >= 0, got " + retries);
        if (maxRuns < 1) throw new BadInputException(null, "--max-runs", "expected an integer >= 1, got " + maxRuns);
        Path results = options.results;
        if (smoke) {
            results = Files.createTempDirectory("djlab-smoke");
        }
        if (specFiles.size() > 1 && !smoke) {
            throw new BadInputException(null, "SPEC", "expected one spec (several only with --smoke), got " + specFiles.size());
        }
        try {
            int worst = 0;
            for (Path specFile : specFiles) worst = Math.max(worst, sweep(specFile, results));
            return worst;
        } finally {
            if (smoke) Folders.deleteTree(results);
        }
    }

    private int sweep(Path specFile, Path results) {
        RunPlan.Locations where = new RunPlan.Locations(results, options.dataDir, options.locations().dataEnv());
        Optional<AdaptivePlan> adaptive = AdaptivePlan.of(specFile, options.sets, smoke ? SMOKE : List.of(), where);
        if (adaptive.isPresent()) return adaptive(adaptive.get());
        SweepPlan plan = SweepPlan.of(specFile, options.sets, smoke ? SMOKE : List.of(), where, maxRuns);
        List<RunPlan> selected = plan.runs();
        if (smoke) selected = firstOfEachVariant(selected);
        if (shard != null) selected = shardOf(selected);
        if (only != null) {
            List<RunPlan> matching = SweepPlan.only(selected, only);
            if (matching.isEmpty()) {
                throw new BadInputException(null, "--only", "expected a pattern matching some run's label (e.g. '"
                        + plan.runs().get(0).label().label() + "'), got '" + only + "', which matches none");
            }
            selected = matching;
        }
        if (dryRun) {
            for (RunPlan run : selected) {
                System.out.printf("%-60s %s %s%n", run.label().label(), run.runId(),
                        run.folder().isCompleted() ? "done" : "to run");
            }
            long done = selected.stream().filter(r -> r.folder().isCompleted()).count();
            System.out.printf("%d runs planned in %s (%d done, %d to run)%n", selected.size(), plan.folder().dir(),
                    done, selected.size() - done);
            return 0;
        }
        SweepRunner.shareCores(parallel);
        SweepRunner.Tally tally = new SweepRunner(plan, parallel, force, retries, ProgressDisplay.isTerminal(), System.err)
                .restart(restart).run(selected);
        if (StopRequest.requested()) {
            System.out.printf("%s: stopped by SIG%s: %d completed, %d skipped (done before), %d failed; run the sweep "
                    + "again to continue%n", plan.name(), StopRequest.signal(), tally.completed(), tally.skipped(),
                    tally.failed());
            return StopRequest.exitCode(StopRequest.signal());
        }
        System.out.printf("%s: %d completed, %d skipped (done before), %d failed%s; table: %s%n", plan.name(),
                tally.completed(), tally.skipped(), tally.failed(),
                tally.elsewhere() == 0 ? "" : ", " + tally.elsewhere() + " running elsewhere (left to them)",
                plan.folder().dir().resolve("summary.csv"));
        if (report && !smoke) {
            Reports.Written written = Reports.write(plan.folder().dir(), options.dataDir);
            System.out.print(written.table());
            System.out.printf("report: %s (%.1f MB)%n", written.html(), written.htmlBytes() / 1e6);
        }
        return tally.allGood() ? 0 : Main.FAILED;
    }

    /** A sweep whose trials are proposed as earlier ones finish (search: {type: tpe}). */
    private int adaptive(AdaptivePlan plan) {
        if (only != null) throw new BadInputException(null, "--only", "not for a tpe search: each trial depends on the ones before");
        if (force) {
            throw new BadInputException(null, "--force", "not for a tpe search: later trials were proposed from the "
                    + "earlier ones' results; use another --results folder to start afresh");
        }
        int[] slice = shard == null ? new int[] {0, 1} : shardSlice();
        long runs = (long) plan.trials() * plan.seedsPerTrial();
        if (runs > maxRuns) {
            throw new BadInputException(plan.specFile(), "sweep", "expected at most " + maxRuns + " runs (raise the limit "
                    + "with --max-runs), got " + runs + " (" + plan.trials() + " trials x " + plan.seedsPerTrial() + " seeds)");
        }
        if (dryRun || smoke) {
            AdaptiveSweep sweep = new AdaptiveSweep(plan, parallel, restart, false, System.err);
            if (smoke) return sweep.smoke().allGood() ? 0 : Main.FAILED;
            List<RunPlan> first = plan.runs(1, sweep.point(1));
            List<RunPlan> known = sweep.knownRuns();
            for (RunPlan run : known) {
                System.out.printf("%-60s %s %s%n", run.label().label(), run.runId(), run.folder().isCompleted() ? "done" : "to run");
            }
            int perRun = first.get(0).spec().train().epochs();
            long epochs = (long) plan.trials() * plan.seedsPerTrial() * perRun;
            if (plan.pruner() != null) {
                System.out.printf("%s pruning: trials judged at the end of epochs %s of %d (mean over seeds)%n",
                        plan.pruner().name(), plan.pruner().checkpoints(perRun), perRun);
            }
            if (plan.racing()) {
                System.out.printf("seed racing: every trial gets seeds 1..%d, then one more at a time up to %d while the "
                        + "95%% interval of its mean overlaps the best earlier trial's%n", plan.minSeeds(), plan.seedsPerTrial());
            }
            System.out.printf("tpe search: %d trials x %s%d seed%s in %s; %d runs known now, the rest proposed as trials "
                    + "finish (trial k from trials 1..k-%d, the first %d drawn at random); objective %s (%s, mean over "
                    + "seeds); budget at most %d epochs%n", plan.trials(), plan.racing() ? "up to " : "", plan.seedsPerTrial(),
                    plan.seedsPerTrial() == 1 ? "" : "s", plan.folder().dir(), known.size(), plan.inFlight(),
                    plan.startup(), plan.objective().metric(), plan.objective().mode(), epochs);
            return 0;
        }
        SweepRunner.shareCores(parallel);
        AdaptiveSweep sweep = new AdaptiveSweep(plan, parallel, restart, ProgressDisplay.isTerminal(), System.err);
        SweepRunner.Tally tally = sweep.run(slice[0], slice[1]);
        if (StopRequest.requested()) {
            System.out.printf("%s: stopped by SIG%s: %d completed, %d skipped (done before), %d failed; run the sweep "
                    + "again to continue%n", plan.name(), StopRequest.signal(), tally.completed(), tally.skipped(),
                    tally.failed());
            return StopRequest.exitCode(StopRequest.signal());
        }
        String best = sweep.best().map(b -> String.format(java.util.Locale.ROOT, "; best so far: trial %d, %s %.4f",
                b.getKey(), plan.objective().metric(), b.getValue())).orElse("");
        System.out.printf("%s: %d completed, %d pruned, %d skipped (done before), %d failed%s%s; table: %s%n", plan.name(),
                tally.completed(), sweep.pruned(), tally.skipped(), tally.failed(),
                tally.elsewhere() == 0 ? "" : ", " + tally.elsewhere() + " running elsewhere (left to them)", best,
                plan.folder().dir().resolve("summary.csv"));
        if (report) {
            Reports.Written written = Reports.write(plan.folder().dir(), options.dataDir);
            System.out.print(written.table());
            System.out.printf("report: %s (%.1f MB)%n", written.html(), written.htmlBytes() / 1e6);
        }
        return tally.allGood() ? 0 : Main.FAILED;
    }

    private static List<RunPlan> firstOfEachVariant(List<RunPlan> runs) {
        List<String> seen = new ArrayList<>();
        List<RunPlan> first = new ArrayList<>();
        for (RunPlan r : runs) {
            if (!seen.contains(r.label().variant())) {
                seen.add(r.label().variant());
                first.add(r);
            }
        }
        return first;
    }

    private List<RunPlan> shardOf(List<RunPlan> runs) {
        int[] slice = shardSlice();
        return SweepPlan.shard(runs, slice[0], slice[1]);
    }

    private int[] shardSlice() {
        String[] parts = shard.split("/");
        try {
            int index = Integer.parseInt(parts[0].trim());
            int count = Integer.parseInt(parts[1].trim());
            if (parts.length == 2 && count >= 1 && index >= 0 && index < count) return new int[] {index, count};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException ignored) {
            // reported below
        }
        throw new BadInputException(null, "--shard", "expected I/N with 0 <= I < N (e.g. 0/4), got '" + shard + "'");
    }

}
