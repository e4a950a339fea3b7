package djlab.cli;

import djlab.api.Experiment;
import djlab.api.Experiments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that read a spec: they make its {@link Experiment}. */
final class SpecOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a spec field, e.g. --set train.optimizer.lr=0.05 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Mixin
    DataDirOption data;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path results;

    /** The spec file with the overrides, its results and data where these options say. */
    Experiment experiment(Path specFile) {
        return Experiments.load(specFile).override(sets).results(results).dataDir(data.dataDir);
    }
}
