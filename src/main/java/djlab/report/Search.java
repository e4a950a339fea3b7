package djlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's panels for an adaptive sweep: the optimisation history, every trial's learning curve with the pruned
 * ones marked where they stopped, the swept values in parallel coordinates coloured by the objective, the importance
 * of each swept field, and which trials are statistically tied with the best.
 *
 * @param importance empty when there are too few trials ({@link #importanceNote} says why)
 * @param atEpoch the budget at which the parallel coordinates and the importance compare trials (0: none)
 * @param ties one row per completed trial with its seeds' final values, the best first
 */
record Search(Trials trials, List<Figure> figures, List<Importance.Field> importance, String importanceNote,
        int atEpoch, int compared, List<Tie> ties, String tieNote) {

    /** Parallel coordinates need two trials; an importance needs at least two trials per field and never under 5. */
    static final int MIN_PARALLEL = 2;

    /**
     * A completed trial against the best one: Welch's t-test on the seeds' final objective, Holm-corrected over
     * the trials tested.
     */
    record Tie(Trials.Trial trial, Stats stats, Significance test, boolean best) {

        String verdict() {
            if (best) return "best";
            if (test == null || test.verdict() == Significance.Verdict.NOT_ENOUGH_SEEDS) return "not enough seeds";
            return test.verdict() == Significance.Verdict.SIGNIFICANT ? "worse than the best" : "tied with the best";
        }
    }

    private static final BasicStroke SOLID = new BasicStroke(1.4f);

    static int minImportance(int fields) {
        return Math.max(5, 2 * fields);
    }

    /** The panels of the adaptive sweep in {@code dir}; empty when it is not one. */
    static Optional<Search> of(Path dir, List<Variant> variants) {
        return Trials.read(dir, variants).map(Search::of);
    }

    static Search of(Trials t) {
        List<Figure> figures = new ArrayList<>();
        String axis = axis(t.metric());
        double scale = t.metric().endsWith("accuracy") ? 100 : 1;
        figures.add(history(t, axis, scale));
        figures.add(curves(t, axis, scale));
        int needed = minImportance(t.fields().size());
        Optional<Trials.AtEpoch> same = t.atSameBudget(needed);
        Optional<Trials.AtEpoch> shown = same.isPresent() ? same : t.atSameBudget(MIN_PARALLEL);
        figures.add(shown.map(s -> parallel(t, s, axis, scale)).orElse(Figure.missing("search-parallel.png",
                "parallel coordinates", "needs at least " + MIN_PARALLEL + " trials with a recorded " + t.metric())));
        List<Importance.Field> importance = List.of();
        String note;
        String failure = null;
        if (same.isPresent()) {
            try {
                importance = importance(t, same.get());
            } catch (RuntimeException e) {
                // One panel that cannot be computed leaves the rest of the report standing.
                failure = e.toString();
            }
        }
        if (failure != null) {
            note = "Importance could not be computed: " + failure;
        } else if (same.isPresent()) {
            figures.add(importanceChart(importance));
            note = String.format(Locale.ROOT, "Importance of each swept field for %s after %d epoch%s (%d trials got "
                    + "that far; the deepest epoch at least %d trials reached): %s. "
                    + "The shares sum to 1; a log-uniform field counts on its log scale, a choice as one column "
                    + "per choice.", t.metric(), same.get().epoch(), same.get().epoch() == 1 ? "" : "s",
                    same.get().trials().size(), needed, Importance.METHOD);
        } else {
            note = "Importance not computed: it needs at least " + needed + " finished trials with a recorded "
                    + t.metric() + " (two per swept field, at least 5); this sweep has "
                    + t.atSameBudget(1).map(a -> a.trials().size()).orElse(0) + ".";
        }
        List<Tie> ties = ties(t);
        String tieNote = "The completed trials against the best one (by the mean over seeds of the final " + t.metric()
                + "): Welch's t-test on the seeds' final values, p corrected over the trials tested (Holm); a trial "
                + "is tied with the best when the corrected p is 0.05 or more: the seeds cannot tell it from the best, "
                + "which with few seeds and a wide spread can hide a large gap (see its interval). A trial needs at "
                + "least " + Significance.MIN_SEEDS + " completed seeds to be tested.";
        return new Search(t, figures, importance, note, same.map(Trials.AtEpoch::epoch).orElse(0),
                same.map(a -> a.trials().size()).orElse(0), ties, tieNote);
    }

    private static String axis(String metric) {
        String split = metric.startsWith("validate") ? "validation" : metric.startsWith("test") ? "test" : "train";
        return split + (metric.endsWith("accuracy") ? " accuracy (%)" : " loss");
    }

    /** What the history shows, in a sentence for beside it. */
    String historyNote() {
        List<Integer> failed = trials.trials().stream().filter(x -> x.status().equals(Trials.FAILED))
                .map(Trials.Trial::number).toList();
        List<Integer> running = trials.trials().stream().filter(x -> x.status().equals(Trials.RUNNING))
                .map(Trials.Trial::number).toList();
        String s = "Objective: " + trials.metric() + " (" + (trials.maximise() ? "higher" : "lower") + " is better), "
                + "the mean over a trial's seeds. A completed trial shows its final value; a pruned one its value at "
                + "the rung where it was stopped (fewer epochs, so it does not count for the best so far).";
        if (!failed.isEmpty()) s += " Failed (no value): trial" + (failed.size() > 1 ? "s " : " ") + join(failed) + ".";
        if (!running.isEmpty()) s += " Not finished: trial" + (running.size() > 1 ? "s " : " ") + join(running) + ".";
        return s;
    }

    private static String join(List<Integer> numbers) {
        return String.join(", ", numbers.stream().map(String::valueOf).toList());
    }

    private static Figure history(Trials t, String axis, double scale) {
        String title = "optimisation history";
        List<Trials.Trial> finished = t.finished().stream().filter(x -> Double.isFinite(x.value())).toList();
        if (finished.isEmpty()) return Figure.missing("search-history.png", title, "no trial has finished yet");
        XYChart chart = Charts.xy(title, "trial", axis, Charts.WIDTH, Charts.HEIGHT);
        // Below the plot: inside, it would hide the trials it covers.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        List<double[]> completed = new ArrayList<>();
        List<double[]> pruned = new ArrayList<>();
        List<double[]> best = new ArrayList<>();
        double bestSoFar = Double.NaN;
        for (Trials.Trial x : t.trials()) {
            boolean done = x.status().equals(Trials.COMPLETED) && Double.isFinite(x.value());
            if (done && (Double.isNaN(bestSoFar) || (t.maximise() ? x.value() > bestSoFar : x.value() < bestSoFar))) {
                bestSoFar = x.value();
            }
            if (done) completed.add(new double[] {x.number(), x.value() * scale});
            if (x.status().equals(Trials.PRUNED) && Double.isFinite(x.value())) pruned.add(new double[] {x.number(), x.value() * scale});
            if (!Double.isNaN(bestSoFar) && x.finished()) best.add(new double[] {x.number(), bestSoFar * scale});
        }
        if (!best.isEmpty()) {
            XYSeries line = add(chart, "best so far", best);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            line.setLineColor(Charts.PALETTE[2]);
            line.setLineStyle(new BasicStroke(2f));
            line.setMarker(SeriesMarkers.NONE);
        }
        if (!completed.isEmpty()) scatter(add(chart, "completed", completed), Charts.PALETTE[0], SeriesMarkers.CIRCLE);
        if (!pruned.isEmpty()) {
            scatter(add(chart, "pruned (at its rung)", pruned), new Color(0x8a8a8a), SeriesMarkers.CROSS);
        }
        return Figure.chart("search-history.png", title, Charts.png(chart));
    }

    private static XYSeries add(XYChart chart, String name, List<double[]> points) {
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        return chart.addSeries(name, x, y);
    }

    private static void scatter(XYSeries s, Color color, org.knowm.xchart.style.markers.Marker marker) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    /** Every trial's curve: completed ones in blue (the best in red), pruned ones grey with a cross where they stopped. */
    private static Figure curves(Trials t, String axis, double scale) {
        String title = "learning curves of all trials";
        List<Trials.Trial> drawn = t.trials().stream().filter(x -> x.curve().length > 0).toList();
        if (drawn.isEmpty()) return Figure.missing("search-curves.png", title, "no trial has recorded an epoch yet");
        XYChart chart = Charts.xy(title, "epoch", axis, Charts.WIDTH, Charts.HEIGHT);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        Trials.Trial best = best(t);
        Color grey = new Color(0xb0b0b0);
        boolean prunedShown = false;
        boolean otherShown = false;
        List<double[]> stops = new ArrayList<>();
        // Pruned first, so the completed trials' lines are painted over them.
        List<Trials.Trial> order = new ArrayList<>(drawn);
        order.sort(Comparator.comparingInt(x -> x.status().equals(Trials.PRUNED) ? 0 : x == best ? 2 : 1));
        for (Trials.Trial x : order) {
            double[] epochs = new double[x.curve().length];
            for (int e = 0; e < epochs.length; e++) epochs[e] = e + 1;
            XYSeries s = chart.addSeries("trial " + x.number(), epochs, Charts.scale(x.curve(), scale));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SOLID);
            if (x.status().equals(Trials.PRUNED)) {
                s.setLineColor(grey);
                s.setLineStyle(new BasicStroke(1.2f));
                s.setShowInLegend(false);
                if (!prunedShown) {
                    s.setLabel("pruned");
                    s.setShowInLegend(true);
                    prunedShown = true;
                }
                int stop = Math.min(x.stoppedAt() > 0 ? x.stoppedAt() : x.curve().length, x.curve().length);
                stops.add(new double[] {stop, x.curve()[stop - 1] * scale});
            } else if (x == best) {
                s.setLineColor(Charts.PALETTE[2]);
                s.setLineStyle(new BasicStroke(2.4f));
                s.setLabel("trial " + x.number() + " (best)");
            } else {
                s.setLineColor(x.status().equals(Trials.COMPLETED) ? Charts.PALETTE[0] : Charts.PALETTE[1]);
                s.setLineStyle(new BasicStroke(1.6f));
                s.setShowInLegend(!otherShown);
                s.setLabel(x.status().equals(Trials.COMPLETED) ? "completed" : x.status());
                otherShown = true;
            }
        }
        if (!stops.isEmpty()) scatter(add(chart, "where pruned", stops), new Color(0x555555), SeriesMarkers.CROSS);
        chart.getStyler().setAnnotationLineColor(new Color(0x999999));
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 4f}, 0f));
        for (int rung : t.rungs()) chart.addAnnotation(new AnnotationLine(rung, true, false));
        return Figure.chart("search-curves.png", title, Charts.png(chart));
    }

    /** The completed trial with the best value; null when none completed. */
    static Trials.Trial best(Trials t) {
        Comparator<Trials.Trial> byValue = Comparator.comparingDouble(Trials.Trial::value);
        return t.trials().stream().filter(x -> x.status().equals(Trials.COMPLETED) && Double.isFinite(x.value()))
                .max(t.maximise() ? byValue : byValue.reversed()).orElse(null);
    }

    /**
     * Parallel coordinates drawn as XChart lines: one vertical axis per swept field (log-uniform ones on a log
     * scale, choices evenly spaced) and one for the objective, each spanning its range; one line per trial, coloured
     * by its objective's rank from the worst (light) to the best (dark).
     */
    private static Figure parallel(Trials t, Trials.AtEpoch at, String axis, double scale) {
        String title = axis.replace(" (%)", "") + " after " + at.epoch() + " epoch" + (at.epoch() == 1 ? "" : "s")
                + ", " + at.trials().size() + " trials (dark = better)";
        List<Trials.Field> fields = t.fields();
        int m = fields.size();
        XYChart chart = Charts.xy(title, "", "", Charts.WIDTH + 140, Charts.HEIGHT + 40);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setXAxisMin(-0.35);
        chart.getStyler().setXAxisMax(m + 0.35);
        chart.getStyler().setYAxisMin(-0.12);
        chart.getStyler().setYAxisMax(1.14);
        chart.getStyler().setAnnotationLineColor(new Color(0x444444));
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1.2f));
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setAnnotationTextFontColor(new Color(0x333333));
        double lo = java.util.Arrays.stream(at.values()).min().orElse(0);
        double hi = java.util.Arrays.stream(at.values()).max().orElse(1);
        Integer[] order = new Integer[at.trials().size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // The worst first, so the best lines lie on top.
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> goodness(at.values()[i], lo, hi, t.maximise())));
        for (int n = 0; n < order.length; n++) {
            int i = order[n];
            Trials.Trial x = at.trials().get(i);
            // Coloured by rank: a few very bad trials would otherwise leave the good ones all one colour.
            double g = order.length < 2 ? 1 : (double) n / (order.length - 1);
            double[] xs = new double[m + 1];
            double[] ys = new double[m + 1];
            for (int j = 0; j < m; j++) {
                xs[j] = j;
                ys[j] = x.values().containsKey(fields.get(j).key()) ? fields.get(j).normalised(x.values().get(fields.get(j).key()))
                        : Double.NaN;
            }
            xs[m] = m;
            ys[m] = hi > lo ? (at.values()[i] - lo) / (hi - lo) : 0.5;
            String label = String.format(Locale.ROOT, "trial %d: %s", x.number(), decimal(at.values()[i] * scale));
            XYSeries s = chart.addSeries(label, xs, ys);
            s.setLineColor(ramp(g));
            s.setMarkerColor(ramp(g));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(n == order.length - 1 ? 2.6f : 1.5f));
            // The legend names the best, the worst and the middle line, enough to read the colours by.
            s.setShowInLegend(n == 0 || n == order.length - 1 || n == order.length / 2);
            if (n == order.length - 1) s.setLabel(label + " (best)");
        }
        for (int j = 0; j <= m; j++) {
            chart.addAnnotation(new AnnotationLine(j, true, false));
            String name = j < m ? fields.get(j).name() + (fields.get(j).scale() == Trials.Scale.LOG ? " (log)" : "")
                    : axis.replace(" (%)", "");
            chart.addAnnotation(new AnnotationText(name, j, 1.085, false));
            if (j < m) {
                Trials.Field f = fields.get(j);
                if (f.scale() == Trials.Scale.CHOICE) {
                    for (int c = 0; c < f.choices().size(); c++) {
                        double y = f.choices().size() < 2 ? 0.5 : (double) c / (f.choices().size() - 1);
                        chart.addAnnotation(new AnnotationText(f.choices().get(c), j + 0.12, y, false));
                    }
                } else {
                    chart.addAnnotation(new AnnotationText(decimal(f.high()), j + 0.14, 1.0, false));
                    chart.addAnnotation(new AnnotationText(decimal(f.low()), j + 0.14, 0.0, false));
                }
            } else {
                chart.addAnnotation(new AnnotationText(decimal(hi * scale), j + 0.14, 1.0, false));
                chart.addAnnotation(new AnnotationText(decimal(lo * scale), j + 0.14, 0.0, false));
            }
        }
        return Figure.chart("search-parallel.png", "parallel coordinates: " + title, Charts.png(chart));
    }

    /** A value on an axis: four significant digits, no exponent for the usual ranges. */
    static String decimal(double v) {
        if (!Double.isFinite(v)) return "–";
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return String.format(Locale.ROOT, "%.2g", v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** 0 for the worst objective among the trials shown, 1 for the best. */
    private static double goodness(double v, double lo, double hi, boolean maximise) {
        if (!(hi > lo)) return 1;
        double t = (v - lo) / (hi - lo);
        return maximise ? t : 1 - t;
    }

    /** From a light yellow (worst) through orange and red to a dark purple (best): order reads without a key. */
    static Color ramp(double t) {
        Color[] stops = {new Color(0xf9d057), new Color(0xf29e2e), new Color(0xe76818), new Color(0xc73b4f),
            new Color(0x7b2a8c), new Color(0x2c115f)};
        double p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(p));
        double f = p - i;
        Color a = stops[i];
        Color b = stops[i + 1];
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
    }

    /** Each field's importance over the trials at one budget (log-uniform fields on their log scale). */
    static List<Importance.Field> importance(Trials t, Trials.AtEpoch at) {
        List<String> keys = t.fields().stream().map(Trials.Field::key).toList();
        List<Importance.Column> columns = new ArrayList<>();
        for (Trials.Field f : t.fields()) {
            if (f.scale() == Trials.Scale.CHOICE) {
                for (String c : f.choices()) columns.add(new Importance.Column(f.key() + "=" + c, f.key()));
            } else {
                columns.add(new Importance.Column(f.key(), f.key()));
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (Trials.Trial x : at.trials()) {
            double[] row = new double[columns.size()];
            int c = 0;
            for (Trials.Field f : t.fields()) {
                if (f.scale() == Trials.Scale.CHOICE) {
                    String v = Trials.text(x.values().get(f.key()));
                    for (String choice : f.choices()) row[c++] = choice.equals(v) ? 1 : 0;
                } else {
                    row[c++] = x.values().containsKey(f.key()) ? f.position(x.values().get(f.key())) : Double.NaN;
                }
            }
            rows.add(row);
        }
        return Importance.of(keys, columns, rows, at.values());
    }

    private static Figure importanceChart(List<Importance.Field> fields) {
        String title = "importance of each swept field";
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT - 40).title(title)
                .xAxisTitle("swept field").yAxisTitle("share of the importance").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        // The exact shares are in the table beside it; labels inside thin bars would not be readable.
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        List<Importance.Field> sorted = fields.stream()
                .sorted(Comparator.comparingDouble(Importance.Field::importance).reversed()).toList();
        List<String> names = new ArrayList<>();
        for (Importance.Field f : sorted) {
            String name = f.key().substring(f.key().lastIndexOf('.') + 1);
            // Two fields may end alike (train.optimizer.lr, model.lr): then the full key.
            names.add(sorted.stream().filter(g -> g.key().endsWith("." + name) || g.key().equals(name)).count() > 1
                    ? f.key() : name);
        }
        chart.addSeries("importance", names, sorted.stream().map(f -> (Number) f.importance()).toList())
                .setFillColor(Charts.PALETTE[0]);
        return Figure.chart("search-importance.png", title, Charts.png(chart));
    }

    /**
     * The completed trials with their seeds' final values, the best first: each tested against the best with
     * Welch's t-test, the p-values corrected together (Holm).
     */
    static List<Tie> ties(Trials t) {
        Trials.Trial best = best(t);
        if (best == null) return List.of();
        Comparator<Trials.Trial> byValue = Comparator.comparingDouble(Trials.Trial::value);
        List<Trials.Trial> completed = t.trials().stream()
                .filter(x -> x.status().equals(Trials.COMPLETED) && Double.isFinite(x.value()))
                .sorted(t.maximise() ? byValue.reversed() : byValue).toList();
        List<Significance> tests = new ArrayList<>();
        for (Trials.Trial x : completed) {
            tests.add(x == best ? null : Significance.welch(x.perSeed(), best.perSeed()));
        }
        double[] p = tests.stream().mapToDouble(s -> s == null || s.verdict() == Significance.Verdict.NOT_ENOUGH_SEEDS
                ? Double.NaN : s.p()).toArray();
        double[] adjusted = Significance.holm(p);
        int tested = (int) java.util.Arrays.stream(p).filter(v -> !Double.isNaN(v)).count();
        List<Tie> out = new ArrayList<>();
        for (int i = 0; i < completed.size(); i++) {
            Significance s = tests.get(i);
            if (s != null && !Double.isNaN(p[i])) s = s.corrected(adjusted[i], tested);
            out.add(new Tie(completed.get(i), Stats.of(completed.get(i).perSeed()), s, completed.get(i) == best));
        }
        return out;
    }

    static final List<String> IMPORTANCE_HEADER = List.of("swept field", "scale", "importance");
    static final List<String> TIE_HEADER = List.of("trial", "seeds (n)", "mean", "95% CI of mean", "p (Holm)", "verdict");

    /** The importance table's rows, the most important field first. */
    List<List<String>> importanceRows() {
        List<List<String>> rows = new ArrayList<>();
        importance.stream().sorted(Comparator.comparingDouble(Importance.Field::importance).reversed()).forEach(f -> {
            Trials.Field field = trials.fields().stream().filter(x -> x.key().equals(f.key())).findFirst().orElseThrow();
            String scale = switch (field.scale()) {
                case LOG -> "log-uniform";
                case LINEAR -> "linear";
                case CHOICE -> "choice of " + field.choices().size();
            };
            rows.add(List.of(f.key(), scale, String.format(Locale.ROOT, "%.3f", f.importance())));
        });
        return rows;
    }

    /** The ties table's rows, the best trial first. */
    List<List<String>> tieRows() {
        double scale = trials.metric().endsWith("accuracy") ? 100 : 1;
        List<List<String>> rows = new ArrayList<>();
        for (Tie tie : ties) {
            Stats s = tie.stats();
            java.util.function.DoubleFunction<String> f = scale == 100 ? v -> String.format(Locale.ROOT, "%.2f", v * 100)
                    : v -> decimal(v);
            rows.add(List.of(tie.trial().variant(), String.valueOf(s.n()),
                    s.n() == 0 ? f.apply(tie.trial().value()) : f.apply(s.mean()) + (s.hasSpread() ? " ± " + f.apply(s.std()) : ""),
                    s.hasSpread() ? "[" + f.apply(s.ciLow()) + ", " + f.apply(s.ciHigh()) + "]" : "–",
                    tie.test() == null ? "–" : Significance.formatP(tie.test().pAdjusted()), tie.verdict()));
        }
        return rows;
    }
}
