package djlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.results.DecisionLog;
import djlab.results.SweepFolder;
import djlab.spec.SpecFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An adaptive sweep's trials as its report shows them, read from the sweep's decision log (values, state, the rung
 * where a trial was pruned) and its runs' curves (the objective per epoch, the mean over the trial's seeds as far as
 * every seed got, as the sweep judged them).
 *
 * @param maximise whether a higher objective is better
 * @param rungs the epochs at which trials were judged
 */
record Trials(String metric, boolean maximise, List<Field> fields, List<Trial> trials, List<Integer> rungs) {

    static final String COMPLETED = "completed";
    static final String PRUNED = "pruned";
    static final String FAILED = "failed";
    static final String RUNNING = "running";

    enum Scale { LINEAR, LOG, CHOICE }

    /**
     * A swept field: its scale and, where the sweep's spec could be read, its range (a choice: its choices in order).
     */
    record Field(String key, Scale scale, double low, double high, List<String> choices) {

        /** The last part of the dotted key, as run labels name it. */
        String name() {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        /** The value on the field's own axis: log10 for a log-uniform field, the choice's index for a choice. */
        double position(JsonNode value) {
            return switch (scale) {
                case CHOICE -> choices.indexOf(text(value));
                case LOG -> Math.log10(value.asDouble());
                case LINEAR -> value.asDouble();
            };
        }

        /** Where the value lies between the ends of the range, 0 to 1. */
        double normalised(JsonNode value) {
            double p = position(value);
            if (scale == Scale.CHOICE) return choices.size() < 2 ? 0.5 : p / (choices.size() - 1);
            double lo = scale == Scale.LOG ? Math.log10(low) : low;
            double hi = scale == Scale.LOG ? Math.log10(high) : high;
            return hi > lo ? (p - lo) / (hi - lo) : 0.5;
        }
    }

    /**
     * One trial.
     *
     * @param status completed, pruned, failed or running
     * @param stoppedAt the epoch of the rung where it was pruned (0 otherwise)
     * @param value the objective: the final value of a completed trial, the value at the rung of a pruned one, NaN
     *     for a failed or running one (the mean over its seeds in every case)
     * @param curve the objective per epoch (index 0 = epoch 1), the mean over its seeds
     * @param perSeed the objective's final value of each of its completed runs
     * @param seeds how many runs (seeds) it has
     */
    record Trial(int number, String variant, Map<String, JsonNode> values, String status, int prunedRung, int stoppedAt,
            double value, double[] curve, double[] perSeed, int seeds) {

        boolean finished() {
            return !status.equals(RUNNING);
        }

        /** The objective after {@code epoch} epochs, NaN if the trial did not get there. */
        double at(int epoch) {
            return epoch >= 1 && epoch <= curve.length ? curve[epoch - 1] : Double.NaN;
        }
    }

    /** The trials compared at one budget: each one's objective after {@code epoch} epochs. */
    record AtEpoch(int epoch, List<Trial> trials, double[] values) {}

    /** The adaptive sweep in {@code dir}, or empty when it is not one (no decision log). */
    static Optional<Trials> read(Path dir, List<Variant> variants) {
        List<JsonNode> log = new DecisionLog(dir).read();
        if (log.isEmpty()) return Optional.empty();
        Map<Integer, Map<String, JsonNode>> values = new TreeMap<>();
        Map<Integer, JsonNode> finished = new TreeMap<>();
        Map<Integer, JsonNode> pruned = new TreeMap<>();
        TreeSet<Integer> rungs = new TreeSet<>();
        String metric = null;
        String mode = null;
        for (JsonNode d : log) {
            int k = d.path("trial").asInt();
            switch (d.path("event").asText()) {
                case "proposed" -> {
                    Map<String, JsonNode> v = new LinkedHashMap<>();
                    d.path("values").fields().forEachRemaining(e -> v.put(e.getKey(), e.getValue()));
                    values.put(k, v);
                }
                case "rung" -> {
                    rungs.add(d.path("epoch").asInt());
                    if (d.path("decision").asText().equals(PRUNED)) pruned.put(k, d);
                }
                case "finished" -> {
                    finished.put(k, d);
                    metric = d.path("metric").asText(metric);
                    mode = d.path("mode").asText(mode);
                }
                default -> { }
            }
        }
        SweepSpecs space = SweepSpecs.of(dir);
        if (metric == null) metric = space.metric();
        if (mode == null) mode = space.mode();
        Map<Integer, Variant> byTrial = new TreeMap<>();
        for (Variant v : variants) {
            int k = trialNumber(v.name());
            if (k > 0) byTrial.put(k, v);
        }
        String objective = metric;
        List<Trial> trials = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, JsonNode>> e : values.entrySet()) {
            int k = e.getKey();
            Variant v = byTrial.get(k);
            JsonNode end = finished.get(k);
            JsonNode rung = pruned.get(k);
            String status = end == null ? RUNNING : end.path("status").asText();
            double[] curve = v == null ? new double[0] : curve(v, metric);
            double value = Double.NaN;
            if (status.equals(COMPLETED) && end.has("value")) value = end.path("value").asDouble();
            if (status.equals(PRUNED) && rung != null && rung.has("value")) value = rung.path("value").asDouble();
            double[] perSeed = v == null ? new double[0] : v.completed().stream()
                    .mapToDouble(r -> r.metric(objective, "last")).filter(Double::isFinite).toArray();
            trials.add(new Trial(k, v == null ? "trial=" + k : v.name(), e.getValue(), status,
                    rung == null ? -1 : rung.path("rung").asInt(), rung == null ? 0 : rung.path("epoch").asInt(),
                    value, curve, perSeed, v == null ? 0 : v.runs().size()));
        }
        List<Field> fields = new ArrayList<>();
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        values.values().forEach(v -> keys.addAll(v.keySet()));
        for (String key : keys) fields.add(space.field(key, trials));
        return Optional.of(new Trials(metric, !"min".equals(mode), fields, trials, List.copyOf(rungs)));
    }

    /** k of a variant named "trial=k,..."; 0 for any other name. */
    static int trialNumber(String variant) {
        if (!variant.startsWith("trial=")) return 0;
        int comma = variant.indexOf(',');
        try {
            return Integer.parseInt(variant.substring(6, comma < 0 ? variant.length() : comma));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Per epoch, the mean over the variant's runs of the metric, as far as every run got. */
    private static double[] curve(Variant v, String metric) {
        double[] sum = null;
        int runs = 0;
        for (RunResult run : v.runs()) {
            double[] c = run.epochs().column(metric);
            int n = 0;
            while (n < c.length && Double.isFinite(c[n])) n++;
            if (sum == null) {
                sum = java.util.Arrays.copyOf(c, n);
            } else {
                double[] shorter = new double[Math.min(sum.length, n)];
                for (int e = 0; e < shorter.length; e++) shorter[e] = sum[e] + c[e];
                sum = shorter;
            }
            runs++;
        }
        if (sum == null) return new double[0];
        for (int e = 0; e < sum.length; e++) sum[e] /= runs;
        return sum;
    }

    List<Trial> finished() {
        return trials.stream().filter(Trial::finished).toList();
    }

    /**
     * The trials compared at the same budget: the deepest epoch that at least {@code atLeast} trials reached (for a
     * sweep without pruning, the end), with every trial that reached it. Trials pruned earlier are left out rather
     * than compared at fewer epochs than the others. Empty when no epoch was reached by so many.
     */
    Optional<AtEpoch> atSameBudget(int atLeast) {
        int longest = trials.stream().mapToInt(t -> t.curve().length).max().orElse(0);
        for (int epoch = longest; epoch >= 1; epoch--) {
            List<Trial> reached = new ArrayList<>();
            for (Trial t : trials) {
                if (!t.status().equals(FAILED) && Double.isFinite(t.at(epoch))) reached.add(t);
            }
            if (reached.size() >= atLeast) {
                final int e = epoch;
                return Optional.of(new AtEpoch(epoch, reached, reached.stream().mapToDouble(t -> t.at(e)).toArray()));
            }
        }
        return Optional.empty();
    }

    /** The sweep's space and objective as its spec gives them (found through plan.json), when it can be read. */
    private record SweepSpecs(JsonNode space, String metric, String mode) {

        static SweepSpecs of(Path dir) {
            JsonNode sweep = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            try {
                Optional<SweepFolder.Plan> plan = new SweepFolder(dir).plan();
                if (plan.isPresent() && plan.get().spec() != null) {
                    Path spec = Path.of(plan.get().spec());
                    // The spec path is as the sweep was started, usually from the project's folder above results/.
                    Path project = dir.toAbsolutePath().normalize().getParent();
                    project = project == null ? null : project.getParent();
                    if (!Files.isRegularFile(spec) && project != null) spec = project.resolve(plan.get().spec());
                    if (Files.isRegularFile(spec)) sweep = SpecFiles.read(spec, List.of()).path("sweep");
                }
            } catch (RuntimeException e) {
                // A moved or edited spec: the fields' scales are then read off the trials' values.
            }
            String metric = sweep.path("objective").path("metric").asText("validate_accuracy");
            String mode = sweep.path("objective").path("mode").asText(metric.endsWith("loss") ? "min" : "max");
            return new SweepSpecs(sweep.path("search").path("space"), metric, mode);
        }

        Field field(String key, List<Trial> trials) {
            JsonNode d = space.path(key);
            List<JsonNode> seen = trials.stream().map(t -> t.values().get(key)).filter(v -> v != null).toList();
            if (d.has("choice")) {
                List<String> choices = new ArrayList<>();
                d.path("choice").forEach(c -> choices.add(text(c)));
                return new Field(key, Scale.CHOICE, 0, choices.size() - 1, choices);
            }
            for (String kind : List.of("log_uniform", "uniform", "int", "int_uniform")) {
                if (d.path(kind).size() == 2) {
                    return new Field(key, kind.equals("log_uniform") ? Scale.LOG : Scale.LINEAR,
                            d.path(kind).get(0).asDouble(), d.path(kind).get(1).asDouble(), List.of());
                }
            }
            // No spec to go by: text is a choice; numbers spanning two decades or more were most likely drawn
            // log-uniformly.
            if (seen.isEmpty() || seen.stream().anyMatch(v -> !v.isNumber())) {
                List<String> choices = new ArrayList<>(new LinkedHashSet<>(seen.stream().map(Trials::text).toList()));
                return new Field(key, Scale.CHOICE, 0, Math.max(0, choices.size() - 1), choices);
            }
            double lo = seen.stream().mapToDouble(JsonNode::asDouble).min().orElse(0);
            double hi = seen.stream().mapToDouble(JsonNode::asDouble).max().orElse(1);
            return new Field(key, lo > 0 && hi / lo >= 100 ? Scale.LOG : Scale.LINEAR, lo, hi, List.of());
        }
    }

    static String text(JsonNode value) {
        return value == null ? "" : value.isValueNode() ? value.asText() : value.toString();
    }
}
