package djlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.bench.Replay;
import djlab.bench.ReplayTable;
import djlab.bench.ReplayTable.Row;
import djlab.bench.ReplaySummary;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.spec.SpecValidator;
import djlab.spec.SweepSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Option(names = "--budget", split = ",", paramLabel = "B", defaultValue = "0.05,0.1,0.2,0.33", description = "Budgets "
            + "in epochs (each trial's epochs times the grid's seeds): a number below 1 is that fraction of the "
            + "grid's epochs (default: ${DEFAULT-VALUE}).")
    List<Double> budgets;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "20",
            description = "Searches per method and budget, with sweep seeds 1..N (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "1", description = "The tpe search's in_flight "
            + "(default ${DEFAULT-VALUE}: one trial at a time, as the Optuna replay runs).")
    int inFlight;

    @Option(names = "--optuna", paramLabel = "SCRIPT", description = "Also replay Optuna's searches with this "
            + "script (scripts/optuna_replay.py; needs Optuna, Debian: python3-optuna).")
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
        if (repeats < 1) throw new BadInputException(null, "--repeats", "expected an integer >= 1, got " + repeats);
        if (inFlight < 1) throw new BadInputException(null, "--in-flight", "expected an integer >= 1, got " + inFlight);
        if (optuna != null && !Files.isRegularFile(optuna)) throw new BadInputException(null, "--optuna", "no such script: " + optuna);
        String file = specFile.toString();
        ObjectNode tree = SpecFiles.read(specFile, sets);
        JsonNode sweepNode = tree.remove("sweep");
        if (sweepNode == null || sweepNode.isNull()) {
            throw new BadInputException(file, "sweep", "expected an adaptive sweep (search.type tpe), got none");
        }
        SweepSpec sweep = SpecFiles.convert(file, sweepNode, SweepSpec.class, "sweep.");
        SpecValidator.validateSweep(file, sweep);
        if (sweep.search() == null || !SweepSpec.Search.TPE.equals(sweep.search().type())) {
            throw new BadInputException(file, "sweep.search.type", "expected tpe, got "
                    + (sweep.search() == null ? "none" : sweep.search().type()));
        }
        sweep = Replay.withInFlight(sweep, inFlight);
        SweepSpec.Objective objective = sweep.objective() == null ? SweepSpec.Objective.DEFAULT : sweep.objective();
        int[] leftOut = new int[1];
        ReplayTable table = ReplayTable.read(sweepDir, objective.metric(), objective.maximise(), leftOut);
        table.check(file, sweep.search().space());
        int epochs = tree.path("train").path("epochs").asInt(table.epochs());
        if (epochs != table.epochs()) {
            throw new BadInputException(file, "train.epochs", "expected the grid's epochs, " + table.epochs() + ", got " + epochs);
        }
        List<Long> budgetEpochs = new ArrayList<>();
        for (double b : budgets) {
            if (!(b > 0)) throw new BadInputException(null, "--budget", "expected numbers > 0, got " + b);
            budgetEpochs.add(b < 1 ? (long) Math.floor(b * table.gridEpochs()) : (long) b);
        }
        Row best = table.best();
        command.commandLine().getErr().printf(Locale.ROOT, "table: %d points x %d seeds x %d epochs = %d epochs%s; best %s: %s %.4f (sd %.4f over seeds)%n",
                table.rows().size(), table.seeds(), table.epochs(), table.gridEpochs(),
                leftOut[0] > 0 ? " (" + leftOut[0] + " points left out: not every seed has ended)" : "",
                label(best.values()), table.metric(), best.last(), best.finalSd());

        if (export != null) table.writeCsv(export);
        List<Replay.Outcome> outcomes = new ArrayList<>();
        Replay replay = new Replay(table, sweep);
        for (long budget : budgetEpochs) {
            for (long seed = 1; seed <= repeats; seed++) outcomes.add(replay.tpe(budget, seed));
            for (long seed = 1; seed <= repeats; seed++) outcomes.add(replay.random(budget, seed));
        }
        if (optuna != null) outcomes.addAll(optuna(table, sweep, budgetEpochs));
        if (json) {
            for (Replay.Outcome o : outcomes) out().println(SpecFiles.json().writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        }
        List<ReplaySummary> rows = ReplaySummary.of(outcomes, best.finalSd(), table.gridEpochs());
        if (json) {
            for (ReplaySummary r : rows) out().println(SpecFiles.json().writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            out().println(ReplaySummary.header());
            for (ReplaySummary r : rows) out().println(r.line());
        }
        return 0;
    }

    private java.io.PrintWriter out() {
        return command.commandLine().getOut();
    }

    private static String label(Map<String, JsonNode> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v.asText()));
        return String.join(",", parts);
    }

    /** Runs the Optuna script on the exported table and reads its searches back. */
    private List<Replay.Outcome> optuna(ReplayTable table, SweepSpec sweep, List<Long> budgetEpochs) throws IOException {
        Path csv = export != null ? export : Files.createTempFile("djlab-replay-", ".csv");
        try {
            if (export == null) table.writeCsv(csv);
            List<String> argv = new ArrayList<>(List.of(python, optuna.toString(), "--table", csv.toString(),
                    "--space", SpecFiles.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(sweep.search().space()),
                    "--mode", table.maximise() ? "max" : "min",
                    "--budget", String.join(",", budgetEpochs.stream().map(String::valueOf).toList()),
                    "--repeats", String.valueOf(repeats),
                    "--startup", String.valueOf(sweep.search().startupOrDefault()),
                    "--prune", sweep.prune() != null && SweepSpec.Prune.ASHA.equals(sweep.prune().type()) ? "asha" : "none"));
            if (sweep.prune() != null && SweepSpec.Prune.ASHA.equals(sweep.prune().type())) {
                argv.addAll(List.of("--min-epochs", String.valueOf(sweep.prune().minEpochsOrDefault()),
                        "--eta", String.valueOf(sweep.prune().etaOrDefault())));
            }
            Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<Replay.Outcome> outcomes = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.startsWith("{")) continue;
                    JsonNode o = SpecFiles.json().readTree(line);
                    Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
                    o.path("found").fields().forEachRemaining(f -> found.put(f.getKey(), f.getValue()));
                    outcomes.add(new Replay.Outcome(o.path("method").asText(), o.path("budget").asLong(), o.path("seed").asLong(),
                            o.path("regret").asDouble(), o.path("epochs_used").asLong(), o.path("trials").asInt(),
                            o.path("completed").asInt(), found));
                }
            }
            int exit = process.waitFor();
            if (exit != 0) throw new IOException("the Optuna replay failed (exit " + exit + "): " + String.join(" ", argv));
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            if (export == null) Files.deleteIfExists(csv);
        }
    }
}
