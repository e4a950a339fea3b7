package djlab.report;

import djlab.results.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The charts drawn from the recorded curves: each run's own, and each measure across variants. */
final class Curves {

    /** A measure to overlay across variants: which file, which column, how it is shown. */
    record Measure(String file, String title, boolean perIteration, String column, double scale, String axis) {}

    static final List<Measure> OVERLAYS = List.of(
            new Measure("overlay-test-accuracy.png", "test accuracy per epoch", false, Metrics.TEST_ACCURACY, 100,
                    "test accuracy (%)"),
            new Measure("overlay-test-loss.png", "test loss per epoch", false, Metrics.TEST_LOSS, 1, "test loss"),
            new Measure("overlay-validate-accuracy.png", "validation accuracy per epoch", false, Metrics.VALIDATE_ACCURACY, 100,
                    "validation accuracy (%)"),
            new Measure("overlay-validate-loss.png", "validation loss per epoch", false, Metrics.VALIDATE_LOSS, 1,
                    "validation loss"),
            new Measure("overlay-train-loss-epoch.png", "train loss per epoch", false, Metrics.TRAIN_LOSS, 1, "train loss"),
            new Measure("overlay-train-loss-iteration.png", "train loss per iteration", true, Metrics.TRAIN_LOSS, 1,
                    "train loss"));

    private Curves() {}

    /** One chart per measure any run recorded, one line per variant; none when there is only one run to show. */
    static List<Figure> overlays(List<Variant> variants) {
        int runs = variants.stream().mapToInt(v -> v.runs().size()).sum();
        List<Figure> figures = new ArrayList<>();
        if (runs < 2) return figures;
        for (Measure m : OVERLAYS) {
            List<Charts.Band> bands = new ArrayList<>();
            for (Variant v : variants) {
                Charts.Band band = band(v, m.perIteration() ? RunResult::iterations : RunResult::epochs,
                        m.perIteration() ? "iteration" : "epoch", m.column(), m.scale());
                if (band != null) bands.add(band);
            }
            if (bands.isEmpty()) continue;
            byte[] png = Charts.bands(m.title(), m.perIteration() ? "iteration" : "epoch", m.axis(), bands, 610, 340);
            if (png != null) figures.add(Figure.chart(m.file(), m.title(), png));
        }
        return figures;
    }

    /**
     * A variant's mean curve over its completed runs (all its runs if none completed), point by point, with the 95%
     * interval of the mean where at least two runs have the point. Null when no run recorded the column.
     */
    static Charts.Band band(Variant v, Function<RunResult, Table> table, String x, String column, double scale) {
        List<RunResult> runs = v.completed().isEmpty() ? v.runs() : v.completed();
        Map<Double, List<Double>> byX = new TreeMap<>();
        for (RunResult run : runs) {
            Table t = table.apply(run);
            if (!t.has(column)) continue;
            double[] xs = t.column(x);
            double[] ys = t.column(column);
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                    byX.computeIfAbsent(xs[i], k -> new ArrayList<>()).add(ys[i] * scale);
                }
            }
        }
        if (byX.isEmpty()) return null;
        int n = byX.size();
        double[] xs = new double[n];
        double[] mean = new double[n];
        double[] low = new double[n];
        double[] high = new double[n];
        int i = 0;
        for (Map.Entry<Double, List<Double>> point : byX.entrySet()) {
            Stats s = Stats.of(point.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            if (djlab.results.Metrics.isAccuracy(column)) s = s.within(0, scale);
            xs[i] = point.getKey();
            mean[i] = s.mean();
            low[i] = s.ciLow();
            high[i] = s.ciHigh();
            i++;
        }
        String name = runs.size() > 1 ? v.name() + " (n=" + runs.size() + ")" : v.name();
        return new Charts.Band(name, xs, mean, low, high);
    }

    /** A run's own charts: loss and accuracy per epoch (train, validation, test), and the per-iteration curve. */
    static List<Figure> ofRun(RunResult run, String prefix) {
        List<Figure> figures = new ArrayList<>();
        Table e = run.epochs();
        double[] epoch = e.column("epoch");
        List<Charts.Line> losses = new ArrayList<>();
        List<Charts.Line> accuracies = new ArrayList<>();
        for (String split : List.of("train", "validate", "test")) {
            String label = split.equals("validate") ? "validation" : split;
            if (e.has(split + "_loss")) losses.add(new Charts.Line(label, epoch, e.column(split + "_loss")));
            if (e.has(split + "_accuracy")) {
                accuracies.add(new Charts.Line(label, epoch, Charts.scale(e.column(split + "_accuracy"), 100)));
            }
        }
        add(figures, prefix + "-loss.png", "loss per epoch", Charts.lines("loss per epoch", "epoch", "loss", losses, false));
        add(figures, prefix + "-accuracy.png", "accuracy per epoch",
                Charts.lines("accuracy per epoch", "epoch", "accuracy (%)", accuracies, true));
        Table it = run.iterations();
        add(figures, prefix + "-iterations.png", "training per iteration", Charts.iterations("training per iteration",
                it.column("iteration"), it.column(Metrics.TRAIN_LOSS), it.column(Metrics.TRAIN_ACCURACY), it.column("lr")));
        if (figures.isEmpty()) {
            figures.add(Figure.missing(prefix + "-loss.png", "curves", "no curve was recorded (the run stopped "
                    + "before its first log point)"));
        }
        return figures;
    }

    private static void add(List<Figure> figures, String file, String title, byte[] png) {
        if (png != null) figures.add(Figure.chart(file, title, png));
    }
}
