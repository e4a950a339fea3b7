package djlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.spec.SpecValidator;
import djlab.spec.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code djlab bench replay} replays on: a grid sweep's {@link ReplayTable}, the adaptive sweep read from a spec
 * (checked against the grid) and the budgets in epochs.
 *
 * @param sweep the spec's tpe sweep section, with the in_flight asked for
 * @param budgets budgets in epochs (each trial's epochs times the grid's seeds)
 * @param leftOut grid points left out of the table because not every seed of theirs has ended
 */
public record ReplaySetup(ReplayTable table, SweepSpec sweep, List<Long> budgets, int leftOut) {

    /**
     * Reads the grid sweep in {@code sweepDir} and the tpe sweep of {@code specFile} (with {@code --set} overrides);
     * bad input when the spec is no tpe sweep over the grid's fields or its epochs are not the grid's.
     *
     * @param budgets budgets in epochs, each > 0: a number below 1 is that fraction of the grid's epochs
     */
    public static ReplaySetup prepare(Path sweepDir, Path specFile, List<String> sets, int inFlight, List<Double> budgets) {
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
            throw new BadInputException(file, "train.epochs", "expected the grid's epochs, " + table.epochs() + ", got "
                    + epochs);
        }
        List<Long> budgetEpochs = new ArrayList<>();
        for (double b : budgets) budgetEpochs.add(b < 1 ? (long) Math.floor(b * table.gridEpochs()) : (long) b);
        return new ReplaySetup(table, sweep, List.copyOf(budgetEpochs), leftOut[0]);
    }

    /** DJLab's searches: per budget, {@code repeats} tpe searches then as many random ones, with seeds 1..repeats. */
    public List<Replay.Outcome> searches(int repeats) {
        List<Replay.Outcome> outcomes = new ArrayList<>();
        Replay replay = new Replay(table, sweep);
        for (long budget : budgets) {
            for (long seed = 1; seed <= repeats; seed++) outcomes.add(replay.tpe(budget, seed));
            for (long seed = 1; seed <= repeats; seed++) outcomes.add(replay.random(budget, seed));
        }
        return outcomes;
    }

    /** One row per budget and method, regret within the sd over seeds of the grid's best point counted against it. */
    public List<ReplaySummary> summary(List<Replay.Outcome> outcomes) {
        return ReplaySummary.of(outcomes, table.best().finalSd(), table.gridEpochs());
    }

    /** The table and its best point in one line, e.g. {@code table: 42 points x 2 seeds x 9 epochs = 756 epochs; ...}. */
    public String description() {
        ReplayTable.Row best = table.best();
        return String.format(Locale.ROOT,
                "table: %d points x %d seeds x %d epochs = %d epochs%s; best %s: %s %.4f (sd %.4f over seeds)",
                table.rows().size(), table.seeds(), table.epochs(), table.gridEpochs(),
                leftOut > 0 ? " (" + leftOut + " points left out: not every seed has ended)" : "",
                label(best.values()), table.metric(), best.last(), best.finalSd());
    }

    /** {@code lr=0.03,batch_size=32}: the last part of each dotted field. */
    private static String label(Map<String, JsonNode> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v.asText()));
        return String.join(",", parts);
    }
}
