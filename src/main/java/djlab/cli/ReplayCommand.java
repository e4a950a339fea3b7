package djlab.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import djlab.bench.Replay;
import djlab.bench.ReplayOptuna;
import djlab.bench.ReplaySetup;
import djlab.bench.ReplaySummary;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays adaptive searches on the curves a finished grid sweep recorded, without training: "
                + "DJLab's tpe search (with the spec's pruning) and random search, optionally beside Optuna's "
                + "TPESampler + SuccessiveHalvingPruner and RandomSampler (--optuna), at equal budgets in epochs, "
                + "and prints each one's regret (the grid's best minus the configuration found).")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP_DIR", description = "A grid sweep's results folder, e.g. results/grid-mlp.")
    Path sweepDir;

    @Option(names = "--spec", paramLabel = "FILE", required = true, description = "An adaptive sweep over the grid's "
            + "fields (search.type tpe): its space, startup, objective and prune are replayed; its trials are not "
            + "(the budget ends a search), e.g. experiments/adaptive/tpe-asha-grid-mlp.yaml.")
    Path specFile;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override a field of --spec, e.g. "
            + "sweep.prune=null for tpe alone.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--budget", split = ",", paramLabel = "B", defaultValue = "0.05,0.1,0.2,0.33",
            converter = Values.PositiveNumber.class, description = "Budgets in epochs (each trial's epochs times the "
            + "grid's seeds): a number below 1 is that fraction of the grid's epochs (default: ${DEFAULT-VALUE}).")
    List<Double> budgets;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "20", converter = Values.AtLeastOne.class,
            description = "Searches per method and budget, with sweep seeds 1..N (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "1", converter = Values.AtLeastOne.class,
            description = "The tpe search's in_flight (default ${DEFAULT-VALUE}: one trial at a time, as the Optuna "
                    + "replay runs).")
    int inFlight;

    @Option(names = "--optuna", paramLabel = "SCRIPT", converter = Values.Script.class,
            description = "Also replay Optuna's searches with this script (scripts/optuna_replay.py; needs Optuna, "
                    + "Debian: python3-optuna).")
    Path optuna;

    @Option(names = "--python", defaultValue = "python3",
            description = "Python with Optuna for --optuna (default: ${DEFAULT-VALUE}; Debian's is /usr/bin/python3).")
    String python;

    @Option(names = "--export", paramLabel = "FILE", description = "Also keep the table as CSV here (what --optuna reads).")
    Path export;

    @Option(names = "--json", description = "Print every replayed search as a JSON object, then the summary rows as JSON.")
    boolean json;

    @Mixin
    DebugOption debug;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        ReplaySetup setup = ReplaySetup.prepare(sweepDir, specFile, sets, inFlight, budgets);
        PrintWriter out = command.commandLine().getOut();
        command.commandLine().getErr().println(setup.description());
        if (export != null) setup.table().writeCsv(export);
        List<Replay.Outcome> outcomes = new ArrayList<>(setup.searches(repeats));
        if (optuna != null) outcomes.addAll(new ReplayOptuna(optuna, python).run(setup, repeats, export));
        List<ReplaySummary> rows = setup.summary(outcomes);
        if (json) {
            ObjectWriter line = SpecFiles.json().writer().without(SerializationFeature.INDENT_OUTPUT);
            for (Replay.Outcome o : outcomes) out.println(line.writeValueAsString(o));
            for (ReplaySummary r : rows) out.println(line.writeValueAsString(r));
        } else {
            out.println(ReplaySummary.header());
            for (ReplaySummary r : rows) out.println(r.line());
        }
        return 0;
    }
}
