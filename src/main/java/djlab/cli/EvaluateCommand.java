package djlab.cli;

import djlab.train.RunPlan;
import djlab.train.SavedRun;
import djlab.train.Scores;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
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
        Scores test = SavedRun.evaluate(runDir, RunPlan.Locations.of(Path.of("results"), data.dataDir));
        spec.commandLine().getOut().printf(Locale.ROOT, "test loss %.4f accuracy %.4f (%d records)%n", test.loss(), test.accuracy(), test.count());
        if (test.parts() != null) {
            // Several output heads: the accuracy above is their mean; each head's, and every head right.
            java.util.List<String> names = djlab.train.Heads.parts(SavedRun.headNames(runDir));
            StringBuilder line = new StringBuilder("test accuracy per head:");
            for (int i = 0; i < test.parts().size(); i++) {
                line.append(String.format(Locale.ROOT, " %s %.4f", i < names.size() ? names.get(i) : "part " + i,
                        test.parts().get(i)));
            }
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
