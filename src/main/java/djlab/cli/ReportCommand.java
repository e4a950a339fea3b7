package djlab.cli;

import djlab.api.Experiments;
import djlab.api.Report;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html (self-contained), report.md and its PNGs (in report/) into a run or sweep "
                + "folder: curves, the comparison table over seeds, significance of differences, pictures of the "
                + "trained networks, specs and environment. Nothing is trained again.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "DIR", description = "A run folder (results/<name>/<run-id>) or a sweep folder holding runs.")
    Path dir;

    @Mixin
    DataDirOption data;

    @Option(names = "--claims", paramLabel = "FILE",
            description = "A study's claims file (published numbers to check the runs against); default: the "
                    + "claims.yaml beside the sweep's spec, or the one in experiments/ that names the sweep.")
    Path claims;

    @Override
    public Integer call() {
        Report written = Experiments.report(dir, data.dataDir, claims);
        out().print(written.table());
        out().println(CompareCommand.describe(written));
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
