package djlab.cli;

import djlab.api.RunResults;
import djlab.results.Metrics;
import djlab.results.Summary;
import djlab.train.ProgressDisplay;
import djlab.train.StopRequest;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train the network a spec describes and record its curves, summary and parameters "
                + "under <results>/<name>/<run-id>/.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "SPEC", description = "Experiment spec (YAML or JSON).")
    Path specFile;

    @Mixin
    SpecOptions options;

    @Option(names = "--force", description = "Train again even if this exact run has completed before.")
    boolean force;

    @Option(names = "--restart", description = "Throw away the run's checkpoint (of an interrupted run) and start over.")
    boolean restart;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30", converter = Values.Grace.class,
            description = "After SIGTERM or SIGINT, seconds to reach a batch boundary and save a checkpoint before "
                    + "exiting regardless (default: ${DEFAULT-VALUE}).")
    int grace;

    @Override
    public Integer call() {
        StopRequest.graceSeconds(grace);
        RunResults run = options.experiment(specFile).force(force).restart(restart)
                .progress(Output.stream(spec.commandLine().getErr()), ProgressDisplay.isTerminal()).run();
        spec.commandLine().getOut().println(describe(run));
        if (run.heldElsewhere().isEmpty() && run.status().equals(Summary.INTERRUPTED) && run.stoppedBy().isPresent()) {
            return StopRequest.exitCode(run.stoppedBy().get());
        }
        // Trained elsewhere: not a failure, but not trained here either, so nothing a next command could use yet.
        return run.heldElsewhere().isEmpty() && run.completed() ? 0 : Main.FAILED;
    }

    static String describe(RunResults run) {
        String where = run.dir().toString();
        if (run.heldElsewhere().isPresent()) {
            return "running elsewhere: " + where + " (" + run.heldElsewhere().get() + "); not trained here";
        }
        if (run.skipped()) {
            return "already completed: " + where + " (use --force to train again)";
        }
        Summary s = run.summary().orElseThrow();
        if (!s.completed()) {
            return s.status() + ": " + where + ": " + s.error();
        }
        Summary.Metric test = s.metrics().get(Metrics.TEST_ACCURACY);
        String line = String.format(Locale.ROOT, "completed: %s: test accuracy %.4f (best %.4f at epoch %d), %d parameters, "
                + "%.1f s, %.0f images/s", where, test.last(), test.best(), test.bestEpoch(), s.parameters(),
                s.wallSeconds(), s.imagesPerSecond());
        Map<String, Object> stop = s.earlyStopping();
        if (stop != null && Boolean.TRUE.equals(stop.get("stopped"))) {
            line += "; stopped early after epoch " + stop.get("stopped_epoch") + ": " + stop.get("reason")
                    + (Boolean.TRUE.equals(stop.get("restored")) ? ", parameters of epoch " + stop.get("best_epoch") + " saved" : "");
        }
        return line;
    }
}
