package djlab.cli;

import djlab.api.Experiments;
import djlab.api.SweepResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a sweep's progress: runs done, running (with the host, pid and heartbeat age of the process "
                + "training it), failed, interrupted (with the epochs recorded) and pending.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "SWEEP_DIR", description = "A sweep's results folder, results/<sweep-name>.")
    Path dir;

    @Option(names = {"-v", "--verbose"}, description = "List every run with its state.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepResults.Progress progress = Experiments.openSweep(dir).progress();
        StringBuilder line = new StringBuilder(progress.sweep() + ": " + progress.planned() + " runs:");
        progress.counts().forEach((state, count) -> line.append(' ').append(count).append(' ').append(state));
        out.println(line);
        // An adaptive sweep: each trial's state, rung and value, and the best so far, from its decision log.
        progress.trials().forEach(out::println);
        for (SweepResults.RunState run : progress.runs()) {
            if (verbose || run.needsAttention()) {
                out.printf("  %-12s %-60s %s%s%n", run.state(), run.label(), run.runId(),
                        run.detail().isEmpty() ? "" : "  " + run.detail());
            }
        }
        return 0;
    }
}
