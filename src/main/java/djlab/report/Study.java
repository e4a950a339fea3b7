package djlab.report;

import djlab.results.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import djlab.results.SweepFolder;
import djlab.spec.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A study's {@code claims.yaml} (one per study folder in {@code experiments/}): the question the study asks, the
 * report's budget, the factors behind its sweeps' variants, and the numbers the report publishes, as data that
 * {@code djlab report} checks the runs against.
 *
 * <pre>
 * study: "001"
 * title: Batch normalisation in an MLP and a tiny CNN
 * question: Does batch norm help an MLP and a tiny CNN on MNIST?
 * factor: batchnorm                     # the factor the question is about (optional)
 * metric: validate_accuracy             # what the report measures: claims' default, DJLab-only rows (test_accuracy)
 * budget: {epochs: 100, train_images: 60000, batch_size: 100}   # the report's
 * sweeps:
 *   mlp-vs-cnn-batchnorm:               # a sweep name (its results folder)
 *     factors:                          # variant label: the factors' levels it stands for
 *       mlp-bn: {network: mlp, batchnorm: true}
 *     budgets: {full: ["train.epochs=60"]}   # this sweep's own, over the study's (optional)
 *   mlp-regularisation-ablations:
 *     baseline: primal                  # an ablation: each variant against this one, not every pair (optional)
 * budgets:
 *   full: ["train.epochs=100"]         # --set overrides, for djlab reproduce --budget full
 * claims:
 *   - {variant: mlp-bn, metric: test_accuracy, point: {after_epochs: 1}, value: 0.9656}
 *   - {variant: mlp-bn, metric: test_accuracy, point: final, value: 0.983, source: "Table 1"}
 *   - {variant: mlp-bn, metric: test_accuracy, point: {iterations_to: 0.90}, value: 5000}
 *   - {variant: mlp-bn, metric: test_loss, value: 0.0006, scale: 0.01}     # the report's loss is DJLab's / 100
 *   - {variant: mlp-bn, metric: parameters, value: 109568}                  # a number of summary.json
 *   - {variant: mlp-bn, metric: train_seconds, value: 17, scale: 0.0166667, compare: false,
 *      note: "minutes on the report's machine"}                            # shown beside DJLab's, no verdict
 * </pre>
 *
 * @param sweeps each sweep's factors: variant label to factor name to level
 * @param baselines each ablation sweep's baseline variant label: its variants are compared with it, not pairwise
 * @param budgets named budgets for {@code djlab reproduce --budget NAME}: the {@code --set} overrides that give it
 *     (e.g. {@code full: ["data.limit=null", "train.epochs=100"]}); "shipped" (the specs as they are) is always there
 */
record Study(Path file, String id, String title, String question, String factor, Budget budget,
        Map<String, Map<String, Map<String, String>>> sweeps, List<Claim> claims, Map<String, List<String>> budgets,
        Map<String, Map<String, List<String>>> sweepBudgets, String metric, Map<String, String> baselines) {

    /**
     * The {@code --set} overrides of a named budget for one sweep: the sweep's own ({@code sweeps.NAME.budgets}) when
     * it has one, else the study's; null when the study names no such budget.
     */
    List<String> overrides(String budgetName, String sweep) {
        List<String> own = sweepBudgets.getOrDefault(sweep, Map.of()).get(budgetName);
        return own != null ? own : budgets.get(budgetName);
    }

    static final String FILE = "claims.yaml";
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A training budget: epochs over a number of training images in batches; null fields are not stated. */
    record Budget(Integer epochs, Integer trainImages, Integer batchSize) {
        static final Budget NONE = new Budget(null, null, null);

        /** Updates in {@code epochs} epochs, when the images and the batch size are known. */
        Long iterations(double epochs) {
            if (trainImages == null || batchSize == null) return null;
            return Math.round(epochs * Math.ceil(trainImages / (double) batchSize));
        }

        Budget over(Budget other) {
            return new Budget(epochs != null ? epochs : other.epochs, trainImages != null ? trainImages : other.trainImages,
                    batchSize != null ? batchSize : other.batchSize);
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (epochs != null) parts.add(epochs + (epochs == 1 ? " epoch" : " epochs"));
            if (trainImages != null) parts.add(String.format(Locale.ROOT, "%,d training images", trainImages));
            if (batchSize != null) parts.add("batch " + batchSize);
            return parts.isEmpty() ? "not stated" : String.join(", ", parts);
        }
    }

    /** The numbers of summary.json a claim may name besides the curves' metrics. */
    static final java.util.Set<String> RUN_NUMBERS = java.util.Set.of("parameters", "train_seconds", "wall_seconds",
            "images_per_second");

    /** Where on a run's curve a claim is read. */
    enum PointKind { FINAL, BEST, AFTER_EPOCHS, AFTER_ITERATIONS, ITERATIONS_TO }

    record Point(PointKind kind, double at) {
        String describe() {
            return switch (kind) {
                case FINAL -> "final";
                case BEST -> "best";
                case AFTER_EPOCHS -> "after " + (long) at + (at == 1 ? " epoch" : " epochs");
                case AFTER_ITERATIONS -> String.format(Locale.ROOT, "after %,d iterations", (long) at);
                case ITERATIONS_TO -> "iterations to " + Text.percent(at).replace(".00%", " %");
            };
        }
    }

    /**
     * One published number.
     *
     * @param sweep the sweep (results folder name) whose variant it is about
     * @param budget the report's budget for this number (the study's, with this claim's fields over it)
     * @param margin how far from the report a mean may be and still count as the same (default: 0.5 pp for an
     *     accuracy, 10% for an iteration count)
     * @param source where in the report (a table, a section), for the reader
     * @param scale DJLab's value times this is in the report's unit (a loss summed differently, seconds to minutes)
     * @param compare false for a number that says nothing about DJLab (a time on another machine): shown, no verdict
     * @param note why it is not compared, or how the number is read
     */
    record Claim(String sweep, String variant, String metric, Point point, double value, Budget budget, double margin,
            String source, double scale, boolean compare, String note) {
        Claim(String sweep, String variant, String metric, Point point, double value, Budget budget, double margin,
                String source) {
            this(sweep, variant, metric, point, value, budget, margin, source, 1, true, null);
        }

        /** A number summary.json records for the whole run (not a curve's): read at the end only. */
        boolean isRunNumber() {
            return RUN_NUMBERS.contains(metric);
        }

        String describe() {
            String scaled = scale == 1 ? "" : String.format(java.util.Locale.ROOT, " (DJLab's × %s)", plainScale());
            return variant + ": " + metric + scaled + ", " + point.describe();
        }

        private String plainScale() {
            return java.math.BigDecimal.valueOf(scale).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }

        boolean isAccuracy() {
            return point.kind() != PointKind.ITERATIONS_TO && djlab.results.Metrics.isAccuracy(metric);
        }

        String format(double v) {
            if (Double.isNaN(v)) return "–";
            if (point.kind() == PointKind.ITERATIONS_TO) return String.format(Locale.ROOT, "%,.0f", v);
            if (isAccuracy()) return String.format(Locale.ROOT, "%.2f %%", v * 100);
            if (metric.equals("parameters")) return String.format(Locale.ROOT, "%,.0f", v);
            // Decimals from the report's number, so a mean and its spread read alike.
            return String.format(Locale.ROOT, Math.abs(value) >= 1 ? "%.1f" : "%.4f", v);
        }
    }

    /** Whether the study names a baseline for this sweep: an ablation. */
    boolean hasBaseline(String sweep) {
        return baselines.containsKey(sweep);
    }

    /** Whether the study names this variant of this sweep as the one its ablation compares every other with. */
    boolean isBaseline(String sweep, String variant) {
        return variant != null && variant.equals(baselines.get(sweep));
    }

    /** The factors a variant of a sweep stands for, or empty when the study does not say. */
    Map<String, String> factorsOf(String sweep, String variant) {
        return sweeps.getOrDefault(sweep, Map.of()).getOrDefault(variant, Map.of());
    }

    /**
     * The study of a results folder: {@code claims} when given, else the {@code claims.yaml} beside the spec its
     * plan.json names, else the {@code experiments/*}{@code /claims.yaml} (under the working folder) that lists one
     * of the folder's sweeps.
     */
    static Optional<Study> find(Path dir, List<RunResult> runs, Path claims) {
        if (claims != null) return Optional.of(load(claims));
        Optional<SweepFolder.Plan> plan = plan(dir);
        if (plan.isPresent() && plan.get().spec() != null) {
            Path beside = Path.of(plan.get().spec()).toAbsolutePath().getParent().resolve(FILE);
            if (Files.isRegularFile(beside)) {
                Study study = load(beside);
                if (study.sweeps().containsKey(plan.get().sweep())) return Optional.of(study);
            }
        }
        Path experiments = Path.of("experiments");
        if (!Files.isDirectory(experiments)) return Optional.empty();
        List<String> names = runs.stream().map(RunResult::name).distinct().toList();
        try (Stream<Path> folders = Files.list(experiments)) {
            for (Path file : folders.map(f -> f.resolve(FILE)).filter(Files::isRegularFile).sorted().toList()) {
                Study study;
                try {
                    study = load(file);
                } catch (BadInputException e) {
                    // Another study's broken file is no reason to refuse this report; --claims names it to see why.
                    continue;
                }
                if (names.stream().anyMatch(study.sweeps()::containsKey)) return Optional.of(study);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<SweepFolder.Plan> plan(Path dir) {
        try {
            return new SweepFolder(dir).plan();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Reads and checks a claims file; anything wrong in it is one line naming the field. */
    static Study load(Path file) {
        String name = file.toString();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(name, null, Files.exists(file) ? "expected a YAML claims file, "
                    + firstLine(e.getMessage()) : "expected a claims file, it does not exist");
        }
        if (root == null || !root.isObject()) throw new BadInputException(name, null, "expected a mapping (study, claims, ...)");
        Budget budget = budget(name, "budget", root.path("budget"), Budget.NONE);
        String studyMetric = root.path("metric").isMissingNode() ? djlab.results.Metrics.TEST_ACCURACY : text(root, "metric");
        if (studyMetric == null || studyMetric.isBlank()) {
            throw new BadInputException(name, "metric", "expected a metric name such as validate_accuracy, got "
                    + describe(root.path("metric")));
        }
        Map<String, Map<String, Map<String, String>>> sweeps = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> sweepBudgets = new LinkedHashMap<>();
        Map<String, String> baselines = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("sweeps").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> sweep = it.next();
            sweepBudgets.put(sweep.getKey(), budgets(name, "sweeps." + sweep.getKey() + ".budgets",
                    sweep.getValue().path("budgets")));
            JsonNode baseline = sweep.getValue().path("baseline");
            if (!baseline.isMissingNode()) {
                if (!baseline.isTextual() || baseline.asText().isBlank()) {
                    throw new BadInputException(name, "sweeps." + sweep.getKey() + ".baseline",
                            "expected the label of the variant the others are compared with, got " + baseline);
                }
                baselines.put(sweep.getKey(), baseline.asText());
            }
            Map<String, Map<String, String>> variants = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> v = sweep.getValue().path("factors").fields(); v.hasNext();) {
                Map.Entry<String, JsonNode> variant = v.next();
                if (!variant.getValue().isObject()) {
                    throw new BadInputException(name, "sweeps." + sweep.getKey() + ".factors." + variant.getKey(),
                            "expected a mapping of factor: level, got " + variant.getValue());
                }
                Map<String, String> levels = new LinkedHashMap<>();
                variant.getValue().fields().forEachRemaining(f -> levels.put(f.getKey(), f.getValue().asText()));
                variants.put(variant.getKey(), levels);
            }
            sweeps.put(sweep.getKey(), variants);
        }
        List<Claim> claims = new ArrayList<>();
        JsonNode list = root.path("claims");
        if (!list.isMissingNode() && !list.isArray()) throw new BadInputException(name, "claims", "expected a list, got " + list);
        for (int i = 0; i < list.size(); i++) claims.add(claim(name, "claims[" + i + "]", list.get(i), budget, sweeps, studyMetric));
        Map<String, List<String>> budgets = new LinkedHashMap<>();
        budgets.put("shipped", List.of());
        budgets.putAll(budgets(name, "budgets", root.path("budgets")));
        for (Map<String, List<String>> own : sweepBudgets.values()) {
            for (String b : own.keySet()) budgets.putIfAbsent(b, List.of());
        }
        return new Study(file, text(root, "study"), text(root, "title"), text(root, "question"), text(root, "factor"),
                budget, sweeps, claims, budgets, sweepBudgets, studyMetric, baselines);
    }

    /** {@code NAME: [--set overrides]} entries. */
    private static Map<String, List<String>> budgets(String file, String where, JsonNode node) {
        Map<String, List<String>> budgets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> b = it.next();
            List<String> sets = new ArrayList<>();
            if (!b.getValue().isArray()) {
                throw new BadInputException(file, where + "." + b.getKey(), "expected a list of --set overrides, got " + b.getValue());
            }
            b.getValue().forEach(v -> sets.add(v.asText()));
            budgets.put(b.getKey(), sets);
        }
        return budgets;
    }

    private static Claim claim(String file, String where, JsonNode node, Budget studyBudget,
            Map<String, Map<String, Map<String, String>>> sweeps, String studyMetric) {
        if (!node.isObject()) throw new BadInputException(file, where, "expected a mapping, got " + node);
        String sweep = text(node, "sweep");
        if (sweep == null) {
            if (sweeps.size() != 1) throw new BadInputException(file, where + ".sweep", "expected the sweep's name");
            sweep = sweeps.keySet().iterator().next();
        }
        String variant = text(node, "variant");
        if (variant == null) throw new BadInputException(file, where + ".variant", "expected the variant's label");
        String metric = node.path("metric").isTextual() ? node.path("metric").asText() : Metrics.TEST_ACCURACY;
        JsonNode value = node.path("value");
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new BadInputException(file, where + ".value", "expected the report's number, got " + describe(value));
        }
        Point point = point(file, where + ".point", node.path("point"));
        double defaultMargin = point.kind() == PointKind.ITERATIONS_TO ? 0.1 * value.asDouble()
                : metric.endsWith("accuracy") ? 0.005 : 0;
        double margin = node.path("margin").isNumber() ? node.path("margin").asDouble() : defaultMargin;
        JsonNode scale = node.path("scale");
        if (!scale.isMissingNode() && !(scale.isNumber() && scale.asDouble() > 0 && Double.isFinite(scale.asDouble()))) {
            throw new BadInputException(file, where + ".scale", "expected a number > 0, got " + describe(scale));
        }
        JsonNode compare = node.path("compare");
        if (!compare.isMissingNode() && !compare.isBoolean()) {
            throw new BadInputException(file, where + ".compare", "expected true or false, got " + describe(compare));
        }
        if (RUN_NUMBERS.contains(metric) && point.kind() != PointKind.FINAL) {
            throw new BadInputException(file, where + ".point", "expected final (or nothing) for " + metric
                    + ", a number of the whole run, got " + describe(node.path("point")));
        }
        return new Claim(sweep, variant, metric, point, value.asDouble(),
                budget(file, where + ".budget", node.path("budget"), studyBudget), margin, text(node, "source"),
                scale.isNumber() ? scale.asDouble() : 1, !compare.isBoolean() || compare.asBoolean(), text(node, "note"));
    }

    private static Point point(String file, String where, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) return new Point(PointKind.FINAL, 0);
        if (node.isTextual() && node.asText().equals("final")) return new Point(PointKind.FINAL, 0);
        if (node.isTextual() && node.asText().equals("best")) return new Point(PointKind.BEST, 0);
        if (node.isObject() && node.size() == 1) {
            Map.Entry<String, JsonNode> entry = node.fields().next();
            PointKind kind = switch (entry.getKey()) {
                case "after_epochs" -> PointKind.AFTER_EPOCHS;
                case "after_iterations" -> PointKind.AFTER_ITERATIONS;
                case "iterations_to" -> PointKind.ITERATIONS_TO;
                default -> null;
            };
            if (kind != null && entry.getValue().isNumber() && entry.getValue().asDouble() > 0) {
                return new Point(kind, entry.getValue().asDouble());
            }
        }
        throw new BadInputException(file, where, "expected final, best, {after_epochs: N}, {after_iterations: N} or "
                + "{iterations_to: X} (X an accuracy in (0, 1]), got " + describe(node));
    }

    private static Budget budget(String file, String where, JsonNode node, Budget base) {
        if (node.isMissingNode() || node.isNull()) return base;
        if (!node.isObject()) throw new BadInputException(file, where, "expected {epochs, train_images, batch_size}, got " + node);
        Integer[] values = new Integer[3];
        String[] keys = {"epochs", "train_images", "batch_size"};
        for (int i = 0; i < keys.length; i++) {
            JsonNode v = node.path(keys[i]);
            if (v.isMissingNode()) continue;
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                throw new BadInputException(file, where + "." + keys[i], "expected a positive whole number, got " + describe(v));
            }
            values[i] = v.asInt();
        }
        return new Budget(values[0], values[1], values[2]).over(base);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    private static String describe(JsonNode node) {
        return node.isMissingNode() ? "nothing" : node.toString();
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
