package djlab.cli;

import djlab.api.Experiments;
import djlab.api.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Put the runs of several run or sweep folders side by side: print the comparison table and "
                + "write the report (as djlab report does) into --out.")
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Run or sweep folders.")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the report goes (default: results/compare-<yyyyMMdd-HHmmss>).")
    Path out;

    @Mixin
    DataDirOption data;

    @Option(names = "--claims", paramLabel = "FILE",
            description = "A study's claims file (published numbers to check the runs against); default: the "
                    + "claims.yaml beside the sweep's spec, or the one in experiments/ that names the sweep.")
    Path claims;

    @Override
    public Integer call() {
        Report written = Experiments.compare(dirs, out, data.dataDir, claims);
        out().print(written.table());
        out().println(describe(written));
        return 0;
    }

    static String describe(Report w) {
        return String.format(Locale.ROOT, "report of %d run%s in %d variant%s: %s (%.1f MB), %s, pictures in %s",
                w.runs(), w.runs() == 1 ? "" : "s", w.variants(), w.variants() == 1 ? "" : "s", w.html(),
                w.htmlBytes() / (1024.0 * 1024), w.markdown(), w.pictures());
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
