package djlab.cli;

import djlab.train.RunPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that read a spec. */
final class SpecOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a spec field, e.g. --set train.optimizer.lr=0.05 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder holding one folder per data set (mnist/, fashion-mnist/), or a data set's files. "
                    + "Default: $DJLAB_DATA_DIR, else DJL's download.")
    Path dataDir;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    RunPlan.Locations locations() {
        return RunPlan.Locations.forWriting(results, dataDir);
    }
}
