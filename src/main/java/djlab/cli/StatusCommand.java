package djlab.cli;

import djlab.results.SweepFolder;
import djlab.sweep.TrialStates;
import djlab.spec.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a sweep's progress: runs done, running (with the host, pid and heartbeat age of the process "
                + "training it), failed, interrupted (with the epochs recorded) and pending.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP_DIR", description = "A sweep's results folder, results/<sweep-name>.")
    Path dir;

    @Option(names = {"-v", "--verbose"}, description = "List every run with its state.")
    boolean verbose;

    @Override
    public Integer call() {
        if (java.nio.file.Files.isRegularFile(dir)) {
            throw new BadInputException(dir.toString(), null, "expected a sweep folder, it is a file");
        }
        SweepFolder folder = new SweepFolder(dir);
        SweepFolder.Plan plan = folder.plan().orElseThrow(() -> new BadInputException(dir.toString(), null,
                "not a sweep folder: expected " + SweepFolder.PLAN + " in it (written when a sweep starts)"));
        Map<SweepFolder.State, List<SweepFolder.Entry>> states = folder.states(plan.runs());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %d runs:", plan.sweep(), plan.runs().size()));
        states.forEach((state, runs) -> {
            // Only adaptive sweeps prune: other sweeps' line stays as it was.
            if (state != SweepFolder.State.PRUNED || !runs.isEmpty()) {
                line.append(' ').append(runs.size()).append(' ').append(state.name().toLowerCase(Locale.ROOT));
            }
        });
        System.out.println(line);
        // An adaptive sweep: each trial's state, rung and value, and the best so far, from its decision log.
        TrialStates.lines(dir).forEach(System.out::println);
        states.forEach((state, runs) -> {
            if (verbose || state == SweepFolder.State.FAILED || state == SweepFolder.State.RUNNING
                    || state == SweepFolder.State.INTERRUPTED) {
                for (SweepFolder.Entry e : runs) {
                    String detail = folder.detail(e, state);
                    System.out.printf("  %-12s %-60s %s%s%n", state.name().toLowerCase(Locale.ROOT), e.label(), e.runId(),
                            detail.isEmpty() ? "" : "  " + detail);
                }
            }
        });
        return 0;
    }
}
