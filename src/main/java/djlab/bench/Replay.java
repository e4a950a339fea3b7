package djlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.spec.SweepSpec;
import djlab.sweep.AdaptiveRules;
import djlab.sweep.SweepExpansion;
import djlab.sweep.prune.Pruner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DJLab's searches replayed on a {@link ReplayTable}: each proposes points with DJLab's own code (the tpe search and
 * pruning rule of {@link AdaptiveRules}, random search's draws), the nearest grid point's recorded curve stands in
 * for training it, and the search stops when the next epochs would exceed the budget. A trial costs its epochs
 * times the table's seeds, as in a real sweep with those seeds. The configuration found is the best trial trained
 * to the last epoch; its regret is the table's best last value minus its own.
 */
public final class Replay {

    public static final String TPE = "djlab-tpe";
    public static final String RANDOM = "djlab-random";

    /** One replayed search. */
    public record Outcome(String method, long budget, long seed, double regret, long epochsUsed, int trials,
            int completed, Map<String, JsonNode> found) {}

    private final ReplayTable table;
    private final SweepSpec sweep;

    /** {@code sweep}: a validated tpe sweep section over the table's fields (its trials count is not used). */
    public Replay(ReplayTable table, SweepSpec sweep) {
        this.table = table;
        this.sweep = sweep;
    }

    /** The sweep with another in_flight (the replay runs one trial at a time unless told otherwise). */
    public static SweepSpec withInFlight(SweepSpec sweep, int inFlight) {
        SweepSpec.Search s = sweep.search();
        SweepSpec.Search search = new SweepSpec.Search(s.type(), s.trials(), s.startup(), inFlight, s.space());
        return new SweepSpec(sweep.grid(), sweep.variants(), sweep.random(), sweep.seeds(), sweep.seed(), search,
                sweep.objective(), sweep.prune());
    }

    /** Spends epochs of the budget; false (spending nothing) when they do not fit. */
    private final class Budget {
        final long limit;
        long used;

        Budget(long limit) {
            this.limit = limit;
        }

        boolean spend(int epochs) {
            long cost = (long) epochs * table.seeds();
            if (used + cost > limit) return false;
            used += cost;
            return true;
        }
    }

    /** The sweep's tpe search, with its pruning rule when it has one, seeded with {@code seed}. */
    public Outcome tpe(long budget, long seed) {
        AdaptiveRules rules = AdaptiveRules.of(sweep, seed);
        Pruner pruner = rules.pruner();
        Budget spent = new Budget(budget);
        Map<Integer, Double> results = new HashMap<>();
        Map<Integer, double[]> curves = new HashMap<>();
        List<ReplayTable.Row> completed = new ArrayList<>();
        int epochs = table.epochs();
        int k = 0;
        trials:
        while (true) {
            k++;
            ReplayTable.Row row = table.nearest(rules.point(k, results::get), sweep.search().space());
            int at = 0;
            if (pruner != null) {
                for (int epoch : pruner.checkpoints(epochs)) {
                    if (!spent.spend(epoch - at)) break trials;
                    at = epoch;
                    curves.put(k, java.util.Arrays.copyOf(row.curve(), epoch));
                    double value = row.curve()[epoch - 1];
                    // A seed that diverged ends the trial as the worst, as in a real sweep.
                    boolean goOn = !Double.isNaN(value) && rules.judge(k, epoch, curves::get).goOn();
                    if (!goOn) {
                        // As AdaptiveSweep.result: a trial that did not complete counts as the worst for the search.
                        results.put(k, Double.NaN);
                        continue trials;
                    }
                }
            }
            if (!spent.spend(epochs - at)) break;
            curves.put(k, row.curve().clone());
            results.put(k, row.last());
            completed.add(row);
        }
        return outcome(pruner == null ? TPE : TPE + "+" + pruner.name(), budget, seed, spent.used, k - 1, completed);
    }

    /** Random search over the sweep's space, every trial trained to the last epoch. */
    public Outcome random(long budget, long seed) {
        Budget spent = new Budget(budget);
        long most = budget / ((long) table.epochs() * table.seeds()) + 1;
        List<ReplayTable.Row> completed = new ArrayList<>();
        for (Map<String, JsonNode> point : SweepExpansion.randomPoints(sweep.search().space(), (int) most, seed)) {
            if (!spent.spend(table.epochs())) break;
            completed.add(table.nearest(point, sweep.search().space()));
        }
        return outcome(RANDOM, budget, seed, spent.used, completed.size(), completed);
    }

    private Outcome outcome(String method, long budget, long seed, long used, int trials, List<ReplayTable.Row> completed) {
        ReplayTable.Row found = null;
        for (ReplayTable.Row r : completed) {
            if (Double.isNaN(r.last())) continue;
            if (found == null || (table.maximise() ? r.last() > found.last() : r.last() < found.last())) found = r;
        }
        return new Outcome(method, budget, seed, table.regret(found), used, trials, completed.size(),
                found == null ? Map.of() : found.values());
    }
}
