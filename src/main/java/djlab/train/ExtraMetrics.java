package djlab.train;

import ai.djl.training.evaluator.Evaluator;
import djlab.metrics.PerClassAccuracy;
import djlab.metrics.TopKAccuracy;
import djlab.results.Summary;
import djlab.spec.TrainSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics {@code train.metrics} asks for beyond loss and accuracy (top-k and per-class accuracy), evaluated on
 * the validation and test sets in the same pass as the loss ({@link Evaluation}), written as extra columns of
 * {@code epochs.csv} and as extra metrics of {@code summary.json}. Without {@code train.metrics} it adds nothing.
 */
public final class ExtraMetrics {

    public static final String VALIDATE = "validate";
    public static final String TEST = "test";

    private final TopKAccuracy topK;
    private final PerClassAccuracy perClass;
    private final List<String> classNames;
    private final boolean validation;
    private final List<String> columns = new ArrayList<>();
    private final List<List<Double>> rows = new ArrayList<>();
    private final Map<String, Map<String, Double>> lastPerClass = new LinkedHashMap<>();

    public ExtraMetrics(TrainSpec.MetricsSpec spec, List<String> classNames, boolean validation) {
        this.topK = spec == null || spec.topK() == null ? null : new TopKAccuracy(spec.topK());
        this.perClass = spec == null || !spec.perClass() ? null : new PerClassAccuracy(classNames.size());
        this.classNames = classNames;
        this.validation = validation;
        if (topK != null) {
            if (validation) columns.add(VALIDATE + "_top" + topK.k() + "_accuracy");
            columns.add(TEST + "_top" + topK.k() + "_accuracy");
        }
        if (perClass != null) {
            for (int c = 0; c < classNames.size(); c++) columns.add(TEST + "_class_" + c + "_accuracy");
        }
    }

    /** None: for runs (and callers) that record only loss and accuracy. */
    public static ExtraMetrics none() {
        return new ExtraMetrics(null, List.of(), false);
    }

    /** The columns added to {@code epochs.csv}, after the standard ones. */
    public List<String> columns() {
        return columns;
    }

    /** The evaluators to update during the evaluation pass over {@code split} (accumulators keyed by split). */
    public List<Evaluator> evaluators() {
        List<Evaluator> all = new ArrayList<>();
        if (topK != null) all.add(topK);
        if (perClass != null) all.add(perClass);
        return all;
    }

    /** After both evaluation passes of an epoch: the extra cells of its {@code epochs.csv} row, remembered. */
    public List<Double> row() {
        List<Double> cells = new ArrayList<>();
        if (topK != null) {
            if (validation) cells.add(rounded(topK.getAccumulator(VALIDATE)));
            cells.add(rounded(topK.getAccumulator(TEST)));
        }
        if (perClass != null) {
            for (String split : validation ? List.of(VALIDATE, TEST) : List.of(TEST)) {
                float[] accuracy = perClass.perClass(split);
                Map<String, Double> byName = new LinkedHashMap<>();
                for (int c = 0; c < accuracy.length; c++) byName.put(classNames.get(c), Float.isNaN(accuracy[c]) ? null : rounded(accuracy[c]));
                lastPerClass.put(split, byName);
                if (split.equals(TEST)) for (float a : accuracy) cells.add(Float.isNaN(a) ? null : rounded(a));
            }
        }
        rows.add(cells);
        return cells;
    }

    /** The rows so far and the last per-class accuracies, for a checkpoint. */
    void saveState(com.fasterxml.jackson.databind.node.ObjectNode json) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        json.set("rows", mapper.valueToTree(rows));
        json.set("last_per_class", mapper.valueToTree(lastPerClass));
    }

    void restoreState(com.fasterxml.jackson.databind.JsonNode json) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        rows.clear();
        rows.addAll(mapper.convertValue(json.path("rows"),
                new com.fasterxml.jackson.core.type.TypeReference<List<List<Double>>>() {}));
        lastPerClass.clear();
        if (json.has("last_per_class")) {
            lastPerClass.putAll(mapper.convertValue(json.path("last_per_class"),
                    new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Map<String, Double>>>() {}));
        }
    }

    /** Last, best (highest) and best epoch of each extra column, for {@code summary.json}'s metrics. */
    public Map<String, Summary.Metric> summaryMetrics() {
        Map<String, Summary.Metric> metrics = new LinkedHashMap<>();
        for (int i = 0; i < columns.size() && !rows.isEmpty(); i++) {
            double best = Double.NEGATIVE_INFINITY;
            int bestEpoch = 0;
            Double last = null;
            for (int e = 0; e < rows.size(); e++) {
                Double v = rows.get(e).get(i);
                last = v;
                if (v != null && v > best) {
                    best = v;
                    bestEpoch = e + 1;
                }
            }
            if (bestEpoch > 0) metrics.put(columns.get(i), new Summary.Metric(last == null ? Double.NaN : last, best, bestEpoch));
        }
        return metrics;
    }

    /** The last epoch's per-class accuracies by split and class name; null without per-class metrics. */
    public Map<String, Map<String, Double>> perClass() {
        return perClass == null || lastPerClass.isEmpty() ? null : lastPerClass;
    }

    /** The value of column {@code name} in epoch {@code epoch} (from 1), for early stopping on a top-k metric. */
    public double value(String name, int epoch) {
        int i = columns.indexOf(name);
        Double v = i < 0 || epoch > rows.size() ? null : rows.get(epoch - 1).get(i);
        return v == null ? Double.NaN : v;
    }

    private static double rounded(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
