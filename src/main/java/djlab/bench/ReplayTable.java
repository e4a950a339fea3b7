package djlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.results.RunFolder;
import djlab.results.Summary;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.spec.SweepSpec;
import djlab.sweep.EpochCurves;
import djlab.sweep.search.Dimension;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A tabular benchmark: every point of a finished grid sweep with its objective per epoch, mean over the point's
 * seeds. A search replayed on it "trains" a point to epoch e by reading the first e values, so thousands of searches
 * cost no training (the idea of HPOBench and NAS-Bench; Eggensperger et al. 2021).
 *
 * @param keys the swept fields (dotted), in the order of the runs' values
 * @param metric the epoch metric tabled
 * @param epochs epochs of every run
 * @param seeds runs behind each point
 */
public record ReplayTable(List<String> keys, String metric, boolean maximise, int epochs, int seeds, List<Row> rows) {

    /**
     * One grid point: its values, its objective per epoch (mean over seeds; NaN from an epoch a seed did not reach or
     * diverged at), and the standard deviation over seeds of its last value.
     */
    public record Row(Map<String, JsonNode> values, double[] curve, double finalSd) {

        public double last() {
            return curve[curve.length - 1];
        }
    }

    /**
     * The table of a grid sweep's folder; points whose runs have not all ended are left out (counted in
     * {@code leftOut}).
     */
    public static ReplayTable read(Path sweepDir, String metric, boolean maximise, int[] leftOut) {
        if (!Files.isDirectory(sweepDir)) throw new BadInputException(null, "SWEEP_DIR", "expected a sweep's results folder, got " + sweepDir);
        Map<String, List<RunFolder>> byPoint = new TreeMap<>();
        Map<String, Map<String, JsonNode>> pointValues = new LinkedHashMap<>();
        List<String> keys = null;
        int epochs = 0;
        try (Stream<Path> dirs = Files.list(sweepDir)) {
            for (Path dir : dirs.sorted().toList()) {
                RunFolder run = new RunFolder(dir);
                Optional<Summary> s = Files.isDirectory(dir) ? run.summary() : Optional.empty();
                if (s.isEmpty() || s.get().values() == null) continue;
                Map<String, JsonNode> values = new LinkedHashMap<>();
                s.get().values().forEach((k, v) -> {
                    if (!k.equals("seed")) values.put(k, SpecFiles.json().valueToTree(v));
                });
                if (keys == null) keys = List.copyOf(values.keySet());
                if (!values.keySet().equals(new java.util.HashSet<>(keys))) {
                    throw new BadInputException(null, "SWEEP_DIR", "expected the runs of one grid sweep (the same swept fields), got "
                            + values.keySet() + " beside " + keys + " in " + sweepDir);
                }
                String id = SpecFiles.json().writeValueAsString(values);
                byPoint.computeIfAbsent(id, x -> new ArrayList<>()).add(run);
                pointValues.put(id, values);
                Integer planned = run.epochsPlanned();
                if (planned != null) epochs = Math.max(epochs, planned);
            }
        } catch (IOException e) {
            throw new BadInputException(null, "SWEEP_DIR", "expected a readable folder, got " + sweepDir + " (" + e.getMessage() + ")");
        }
        if (byPoint.isEmpty()) throw new BadInputException(null, "SWEEP_DIR", "expected a grid sweep's runs, got none in " + sweepDir);
        int seeds = byPoint.values().stream().mapToInt(List::size).max().orElse(0);
        List<Row> rows = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<String, List<RunFolder>> e : byPoint.entrySet()) {
            // In seed order, as a sweep averages them: the same sum to the last bit, so ties fall as in the sweep.
            List<RunFolder> runs = e.getValue().stream()
                    .sorted(Comparator.comparingLong(r -> r.summary().map(Summary::seed).orElse(0L))).toList();
            boolean ended = runs.size() == seeds && runs.stream().allMatch(r -> ended(r.summary().get().status()));
            if (!ended) {
                skipped++;
                continue;
            }
            double[] sum = new double[epochs];
            double[] lasts = new double[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                double[] c = EpochCurves.column(runs.get(i).dir().resolve(RunFolder.EPOCHS), metric);
                for (int ep = 0; ep < epochs; ep++) sum[ep] += ep < c.length ? c[ep] : Double.NaN;
                lasts[i] = epochs <= c.length ? c[epochs - 1] : Double.NaN;
            }
            for (int ep = 0; ep < epochs; ep++) sum[ep] /= runs.size();
            rows.add(new Row(pointValues.get(e.getKey()), sum, sd(lasts)));
        }
        if (leftOut != null && leftOut.length > 0) leftOut[0] = skipped;
        if (rows.isEmpty()) throw new BadInputException(null, "SWEEP_DIR", "expected finished runs, got none in " + sweepDir);
        return new ReplayTable(keys, metric, maximise, epochs, seeds, rows);
    }

    private static boolean ended(String status) {
        return Summary.COMPLETED.equals(status) || Summary.DIVERGED.equals(status) || Summary.FAILED.equals(status);
    }

    static double sd(double[] xs) {
        if (xs.length < 2) return 0;
        double mean = 0;
        for (double x : xs) mean += x / xs.length;
        double ss = 0;
        for (double x : xs) ss += (x - mean) * (x - mean);
        return Math.sqrt(ss / (xs.length - 1));
    }

    /** Epochs of the whole grid: every point, every seed, every epoch. */
    public long gridEpochs() {
        return (long) rows.size() * seeds * epochs;
    }

    /** The point with the best last value (the first of equals). */
    public Row best() {
        Comparator<Row> byLast = Comparator.comparingDouble(r -> Double.isNaN(r.last())
                ? Double.NEGATIVE_INFINITY : maximise ? r.last() : -r.last());
        return rows.stream().max(byLast).filter(r -> !Double.isNaN(r.last()))
                .orElseThrow(() -> new BadInputException(null, "SWEEP_DIR", "expected a point whose every seed finished, got none"));
    }

    /** How much worse than the best point a point's last value is (0 for the best; the worst for NaN). */
    public double regret(Row found) {
        double best = best().last();
        if (found == null || Double.isNaN(found.last())) {
            double worst = best;
            for (Row r : rows) if (!Double.isNaN(r.last())) worst = maximise ? Math.min(worst, r.last()) : Math.max(worst, r.last());
            return Math.abs(best - worst);
        }
        return maximise ? best - found.last() : found.last() - best;
    }

    /**
     * The grid point nearest to a point a search proposed, one field at a time: on the log scale for a log_uniform
     * field, the same choice for a choice. Every search replayed reads the table through this one rule.
     */
    public Row nearest(Map<String, JsonNode> proposed, Map<String, SweepSpec.Distribution> space) {
        Map<String, JsonNode> snapped = new LinkedHashMap<>();
        for (String key : keys) {
            JsonNode want = proposed.get(key);
            Dimension d = new Dimension(key, space.get(key));
            JsonNode bestValue = null;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (JsonNode v : values(key)) {
                double distance = d.categorical() ? (same(Map.of(key, v), Map.of(key, want)) ? 0 : Double.POSITIVE_INFINITY)
                        : Math.abs(internal(d, v) - internal(d, want));
                if (distance < bestDistance) {
                    bestDistance = distance;
                    bestValue = v;
                }
            }
            if (bestValue == null) throw new IllegalArgumentException(key + ": no grid value for " + want);
            snapped.put(key, bestValue);
        }
        for (Row r : rows) if (same(r.values(), snapped)) return r;
        throw new IllegalArgumentException("no grid point " + snapped + " (the grid is not full)");
    }

    private static double internal(Dimension d, JsonNode v) {
        return d.log() ? Math.log(v.asDouble()) : v.asDouble();
    }

    private static boolean same(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        for (Map.Entry<String, JsonNode> e : b.entrySet()) {
            JsonNode x = a.get(e.getKey());
            if (x == null || !(x.equals(e.getValue()) || x.isNumber() && e.getValue().isNumber() && x.asDouble() == e.getValue().asDouble())) {
                return false;
            }
        }
        return true;
    }

    /** The distinct values of a field in the grid, in the order first met. */
    public List<JsonNode> values(String key) {
        List<JsonNode> values = new ArrayList<>();
        for (Row r : rows) {
            JsonNode v = r.values().get(key);
            if (values.stream().noneMatch(x -> same(Map.of(key, x), Map.of(key, v)))) values.add(v);
        }
        return values;
    }

    /**
     * Checks that a search space covers the grid's fields (no more, no fewer) and that every choice is a grid
     * value, so each proposal has a nearest point.
     */
    public void check(String file, Map<String, SweepSpec.Distribution> space) {
        if (!space.keySet().equals(new java.util.HashSet<>(keys))) {
            throw new BadInputException(file, "sweep.search.space", "expected the grid's fields " + keys + ", got " + space.keySet());
        }
        for (String key : keys) {
            SweepSpec.Distribution d = space.get(key);
            if (d.choice() == null) continue;
            for (JsonNode c : d.choice()) {
                if (values(key).stream().noneMatch(v -> same(Map.of(key, v), Map.of(key, c)))) {
                    throw new BadInputException(file, "sweep.search.space." + key, "expected choices the grid has "
                            + values(key) + ", got " + c);
                }
            }
        }
    }

    /**
     * The table as CSV, what the Optuna replay reads: one row per point and epoch, the fields' values, {@code epoch},
     * the metric (mean over seeds; empty for NaN), {@code <metric>_final_sd} and {@code seeds}.
     */
    public void writeCsv(Path file) throws IOException {
        List<String> header = new ArrayList<>(keys);
        header.addAll(List.of("epoch", metric, metric + "_final_sd", "seeds"));
        try (Writer out = Files.newBufferedWriter(file);
                CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build().print(out)) {
            for (Row r : rows) {
                for (int e = 1; e <= epochs; e++) {
                    List<Object> cells = new ArrayList<>();
                    for (String key : keys) cells.add(r.values().get(key).asText());
                    cells.add(e);
                    cells.add(Double.isNaN(r.curve()[e - 1]) ? "" : r.curve()[e - 1]);
                    cells.add(Double.isNaN(r.finalSd()) ? "" : r.finalSd());
                    cells.add(seeds);
                    csv.printRecord(cells);
                }
            }
        }
    }
}
