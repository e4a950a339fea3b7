package djlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The metrics of summary.json beyond the standard ones (per-head accuracies of a two-digit run such as
 * {@code test_top_accuracy}, {@code test_both_accuracy}, top-k accuracies, ...), read generically: one table with a
 * column per such validation or test metric and a row per variant, each cell the mean ± std of its final value.
 */
final class MoreMetrics {

    private static final Set<String> STANDARD = Set.copyOf(djlab.results.Metrics.PER_EPOCH);

    /** A table's header and rows (variant name, then one cell per metric). */
    record Table(List<String> metrics, List<List<String>> rows) {
        boolean isEmpty() {
            return metrics.isEmpty();
        }
    }

    private MoreMetrics() {}

    static Table of(List<Variant> variants) {
        Set<String> names = new LinkedHashSet<>();
        for (Variant v : variants) {
            for (RunResult r : v.completed()) {
                for (Iterator<String> it = r.summary().path("metrics").fieldNames(); it.hasNext();) {
                    String name = it.next();
                    if (!STANDARD.contains(name) && (name.startsWith("test_") || name.startsWith("validate_"))) {
                        names.add(name);
                    }
                }
            }
        }
        List<String> metrics = new ArrayList<>(names);
        // Test first, then validation, each in the order the runs recorded them.
        metrics.sort((a, b) -> Boolean.compare(a.startsWith("validate_"), b.startsWith("validate_")));
        List<List<String>> rows = new ArrayList<>();
        for (Variant v : variants) {
            List<String> row = new ArrayList<>(List.of(v.name()));
            for (String metric : metrics) {
                double[] values = v.completed().stream().mapToDouble(r -> r.metric(metric, "last")).toArray();
                Stats s = Stats.of(values);
                boolean percent = metric.endsWith("accuracy");
                row.add(s.n() == 0 || Double.isNaN(s.mean()) ? "–" : number(s.mean(), percent)
                        + (s.hasSpread() && s.std() > 0 ? " ± " + number(s.std(), percent) : ""));
            }
            rows.add(row);
        }
        return new Table(metrics, rows);
    }

    /** How a metric is titled: {@code test_top_accuracy} becomes {@code test top acc (%)}. */
    static String title(String metric) {
        String t = metric.replace('_', ' ').replace("accuracy", "acc (%)");
        return "final " + t;
    }

    private static String number(double value, boolean percent) {
        return percent ? String.format(Locale.ROOT, "%.2f", value * 100) : String.format(Locale.ROOT, "%.4f", value);
    }

    static boolean hasAny(JsonNode summary) {
        for (Iterator<String> it = summary.path("metrics").fieldNames(); it.hasNext();) {
            if (!STANDARD.contains(it.next())) return true;
        }
        return false;
    }
}
