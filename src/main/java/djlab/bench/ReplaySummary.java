package djlab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One method at one budget over its replayed searches: regret (mean, standard deviation, median), how often the
 * configuration found was within one standard deviation over seeds of the grid's best, and what it spent.
 */
public record ReplaySummary(long budget, double budgetFraction, String method, int searches, double meanRegret,
        double sdRegret, double medianRegret, double withinSd, double meanEpochs, double meanTrials) {

    /** Rows in the order of the budgets, then the methods, as first met. */
    public static List<ReplaySummary> of(List<Replay.Outcome> outcomes, double bestSd, long gridEpochs) {
        Map<String, List<Replay.Outcome>> groups = new LinkedHashMap<>();
        List<Long> budgets = outcomes.stream().map(Replay.Outcome::budget).distinct().toList();
        for (long b : budgets) {
            for (Replay.Outcome o : outcomes) if (o.budget() == b) groups.computeIfAbsent(b + "\t" + o.method(), k -> new ArrayList<>()).add(o);
        }
        List<ReplaySummary> rows = new ArrayList<>();
        for (List<Replay.Outcome> g : groups.values()) {
            double[] regrets = g.stream().mapToDouble(Replay.Outcome::regret).toArray();
            double[] sorted = regrets.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            // A small tolerance: a regret equal to the sd is within it, whatever the rounding.
            double within = Arrays.stream(regrets).filter(r -> r <= bestSd + 1e-12).count() / (double) n;
            long budget = g.get(0).budget();
            rows.add(new ReplaySummary(budget, budget / (double) gridEpochs, g.get(0).method(), n,
                    Arrays.stream(regrets).average().orElse(Double.NaN), ReplayTable.sd(regrets), median, within,
                    g.stream().mapToLong(Replay.Outcome::epochsUsed).average().orElse(Double.NaN),
                    g.stream().mapToInt(Replay.Outcome::trials).average().orElse(Double.NaN)));
        }
        return rows;
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-15s %-18s %8s %19s %8s %10s %11s %7s", "budget (grid)", "method", "searches",
                "regret mean ± sd", "median", "within sd", "epochs used", "trials");
    }

    public String line() {
        return String.format(Locale.ROOT, "%-15s %-18s %8d %10.4f ± %6.4f %8.4f %9.0f%% %11.0f %7.1f",
                budget + " (" + Math.round(budgetFraction * 100) + "%)", method, searches, meanRegret, sdRegret,
                medianRegret, withinSd * 100, meanEpochs, meanTrials);
    }
}
