package djlab.report;

import djlab.results.Metrics;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The runs of one setting repeated over seeds: the unit the comparison table, the overlays and the significance tests
 * speak about.
 *
 * @param values the setting's fields that differ between variants (dotted spec key to value), for pairing levels
 */
record Variant(String name, Map<String, String> values, List<RunResult> runs) {

    List<RunResult> completed() {
        return runs.stream().filter(RunResult::completed).toList();
    }

    /** The completed run with the highest final test accuracy: the one whose network is pictured. */
    RunResult best() {
        return completed().stream()
                .max(Comparator.comparingDouble(r -> finite(r.metric(Metrics.TEST_ACCURACY, "last"))))
                .orElse(null);
    }

    private static double finite(double value) {
        return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
    }

    /** Final test accuracy of each completed run: the sample the significance tests use. */
    double[] finalTestAccuracies() {
        return finalValues(Metrics.TEST_ACCURACY);
    }

    /** A metric's final value in each completed run (a study judged on validation accuracy tests that instead). */
    double[] finalValues(String metric) {
        return completed().stream().mapToDouble(r -> r.metric(metric, "last")).filter(Double::isFinite).toArray();
    }

    /** The sweep its runs belong to (their spec's name); null when it has no runs. */
    String sweep() {
        return runs.isEmpty() ? null : runs.get(0).name();
    }

    List<Long> seeds() {
        return runs.stream().map(RunResult::seed).filter(s -> s != null).distinct().sorted().toList();
    }
}
