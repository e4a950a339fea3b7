package djlab.cli;

import djlab.api.Evaluation;
import djlab.api.Experiments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Load a run's saved network and print its test loss and accuracy.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "RUN_DIR", description = "A run folder, results/<name>/<run-id>.")
    Path runDir;

    @Mixin
    DataDirOption data;

    @Override
    public Integer call() {
        Evaluation test = Experiments.evaluate(runDir, data.dataDir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "test loss %.4f accuracy %.4f (%d records)%n", test.loss(), test.accuracy(), test.count());
        if (!test.perHead().isEmpty()) {
            // Several output heads: the accuracy above is their mean; each head's, and every head right.
            StringBuilder line = new StringBuilder("test accuracy per head:");
            test.perHead().forEach((head, accuracy) -> line.append(String.format(Locale.ROOT, " %s %.4f", head, accuracy)));
            out.println(line);
        }
        return 0;
    }
}
