package djlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn by XChart and encoded as PNG. One look for all of them, set here. */
final class Charts {

    /** Tableau's ten colours: distinguishable, and each line's band can be the same colour made transparent. */
    static final Color[] PALETTE = {
        new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2), new Color(0x59a14f),
        new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f), new Color(0xbab0ac)
    };
    static final int WIDTH = 560;
    static final int HEIGHT = 330;
    /** A run's own charts are smaller: three side by side. */
    static final int RUN_WIDTH = 410;
    static final int RUN_HEIGHT = 290;
    /** Few points (epochs) get markers, so a two-epoch run does not look like a straight-line fit. */
    private static final int MARKER_LIMIT = 25;

    static {
        // Reports are made on servers and in CI: never look for a display.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** One line of a chart; NaN points are left out. */
    record Line(String name, double[] x, double[] y) {}

    /** A variant's mean over seeds with the 95% interval of that mean where there are two seeds or more. */
    record Band(String name, double[] x, double[] mean, double[] low, double[] high) {}

    private Charts() {}

    static XYChart xy(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xbbbbbb));
        // The plot's border already frames it; XChart's own axis lines would double its left and bottom edges.
        s.setAxisTicksLineVisible(false);
        s.setPlotGridLinesColor(new Color(0xe6e6e6));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setLegendBorderColor(new Color(0xdddddd));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setChartPadding(8);
        s.setSeriesColors(PALETTE);
    }

    static byte[] png(Chart<?, ?> chart) {
        return Png.encode(BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * Lines on one pair of axes; null when no line has a single point (nothing to draw).
     *
     * @param rising whether the lines go up (accuracy): the legend then goes bottom right, out of their way
     */
    static byte[] lines(String title, String xTitle, String yTitle, List<Line> lines, boolean rising) {
        XYChart chart = xy(title, xTitle, yTitle, RUN_WIDTH, RUN_HEIGHT);
        chart.getStyler().setLegendPosition(rising ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        int i = 0;
        for (Line line : lines) {
            double[][] xy = finite(line.x(), line.y());
            if (xy[0].length == 0) continue;
            XYSeries series = chart.addSeries(line.name(), xy[0], xy[1]);
            styleLine(series, PALETTE[i++ % PALETTE.length], xy[0].length);
        }
        return chart.getSeriesMap().isEmpty() ? null : png(chart);
    }

    private static void styleLine(XYSeries series, Color color, int points) {
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineWidth(1.8f);
        series.setMarker(points <= MARKER_LIMIT ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /**
     * Training curve per iteration: loss on the left axis, accuracy on the right, and the learning rate on a second
     * right axis, dashed, since the schedule explains the bends in the other two.
     */
    static byte[] iterations(String title, double[] iteration, double[] loss, double[] accuracy, double[] lr) {
        XYChart chart = xy(title, "iteration", "train loss", RUN_WIDTH, RUN_HEIGHT);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        double[][] l = finite(iteration, loss);
        if (l[0].length == 0) return null;
        styleLine(chart.addSeries("train loss", l[0], l[1]), PALETTE[0], MARKER_LIMIT + 1);
        double[][] a = finite(iteration, scale(accuracy, 100));
        if (a[0].length > 0) {
            XYSeries series = chart.addSeries("train accuracy (%)", a[0], a[1]);
            styleLine(series, PALETTE[1], MARKER_LIMIT + 1);
            series.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "train accuracy (%)");
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
        double[][] r = finite(iteration, lr);
        if (r[0].length > 0) {
            XYSeries series = chart.addSeries("learning rate", r[0], r[1]);
            styleLine(series, new Color(0x555555), MARKER_LIMIT + 1);
            series.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            series.setYAxisGroup(2);
            chart.setYAxisGroupTitle(2, "learning rate");
            chart.getStyler().setYAxisGroupPosition(2, Styler.YAxisPosition.Right);
            chart.getStyler().putYAxisGroupDecimalPatternMap(2, "0.####");
            double max = Arrays.stream(r[1]).max().orElse(1);
            chart.getStyler().setYAxisMin(2, 0.0);
            chart.getStyler().setYAxisMax(2, max > 0 ? max * 1.1 : 1.0);
        }
        return png(chart);
    }

    /** One line per variant (its mean) with a shaded 95% band of the mean where a variant has several seeds. */
    static byte[] bands(String title, String xTitle, String yTitle, List<Band> bands, int width, int height) {
        int longest = bands.stream().mapToInt(b -> b.name().length()).max().orElse(0);
        // Many or long names beside the plot would squeeze it: they go underneath, one per line, the chart growing.
        boolean below = bands.size() > 6 || longest > 30;
        XYChart chart = xy(title, xTitle, yTitle, width, below ? height + 18 * bands.size() : height);
        chart.getStyler().setLegendPosition(below ? Styler.LegendPosition.OutsideS : Styler.LegendPosition.OutsideE);
        int i = 0;
        List<Runnable> linesOnTop = new ArrayList<>();
        for (Band band : bands) {
            Color color = PALETTE[i++ % PALETTE.length];
            double[][] mean = finite(band.x(), band.mean());
            if (mean[0].length == 0) continue;
            double[][] polygon = polygon(band);
            if (polygon[0].length >= 4) {
                XYSeries area = chart.addSeries(band.name() + " (95% band)", polygon[0], polygon[1]);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                area.setLineColor(new Color(0, 0, 0, 0));
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
            }
            linesOnTop.add(() -> styleLine(chart.addSeries(band.name(), mean[0], mean[1]), color, mean[0].length));
        }
        // Lines after every band, so no band is painted over another variant's line.
        linesOnTop.forEach(Runnable::run);
        return chart.getSeriesMap().isEmpty() ? null : png(chart);
    }

    /** The band's outline: along the upper edge, back along the lower one, over the points that have both. */
    private static double[][] polygon(Band band) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < band.x().length; i++) {
            if (Double.isFinite(band.low()[i]) && Double.isFinite(band.high()[i])) {
                points.add(new double[] {band.x()[i], band.low()[i], band.high()[i]});
            }
        }
        int n = points.size();
        if (n < 2) return new double[][] {{}, {}};
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[2];
            x[2 * n - 1 - i] = points.get(i)[0];
            y[2 * n - 1 - i] = points.get(i)[1];
        }
        return new double[][] {x, y};
    }

    /** Accuracy per class as bars, the axis starting near the worst class so differences between classes show. */
    static byte[] perClass(String title, List<String> classes, double[] accuracy) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("true class").yAxisTitle("test accuracy (%)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setLabelsPosition(0.9);
        chart.getStyler().setXAxisLabelRotation(classes.stream().anyMatch(c -> c.length() > 3) ? 30 : 0);
        List<Double> percent = Arrays.stream(accuracy).map(a -> a * 100).boxed().toList();
        double worst = percent.stream().filter(Double::isFinite).mapToDouble(d -> d).min().orElse(0);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(worst / 5) * 5 - 5));
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setYAxisDecimalPattern("0");
        chart.addSeries("accuracy", classes, percent).setFillColor(PALETTE[0]);
        return png(chart);
    }

    /**
     * Confusion matrix, rows the true class, columns the predicted one, each cell labelled with its count. The colour
     * ramp is logarithmic in the count, so the few mistakes off the diagonal show beside the thousand correct answers
     * on it; it stops at a middle blue so the black counts stay readable on every cell.
     */
    static byte[] confusion(String title, List<String> classes, int[][] counts) {
        int k = classes.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(WIDTH - 40).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 10 ? 9 : 11));
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setHeatMapValueDecimalPattern("0");
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setXAxisLabelRotation(k > 10 || classes.stream().anyMatch(c -> c.length() > 3) ? 45 : 0);
        List<Number[]> cells = new ArrayList<>();
        int max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                // The y axis counts upward: the first class goes on top by taking the last row index.
                cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
                max = Math.max(max, counts[t][p]);
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setRangeColors(logRamp(max, Color.WHITE, new Color(0x5aa0d0), 48));
        List<String> reversed = new ArrayList<>(classes);
        Collections.reverse(reversed);
        chart.addSeries("confusion", classes, reversed, cells);
        return png(chart);
    }

    /**
     * Colours evenly spaced over [0, max] (as XChart spreads them) whose shade follows log(1 + value): a linear
     * gradient through them is, in effect, a logarithmic colour scale.
     */
    static Color[] logRamp(int max, Color low, Color high, int steps) {
        Color[] ramp = new Color[steps];
        for (int i = 0; i < steps; i++) {
            double value = (double) max * i / (steps - 1);
            double t = Math.log1p(value) / Math.log1p(max);
            ramp[i] = new Color(mix(low.getRed(), high.getRed(), t), mix(low.getGreen(), high.getGreen(), t),
                    mix(low.getBlue(), high.getBlue(), t));
        }
        return ramp;
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    static double[] scale(double[] values, double factor) {
        return Arrays.stream(values).map(v -> v * factor).toArray();
    }

    private static double[][] finite(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        double[] fx = new double[n];
        double[] fy = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[m] = x[i];
                fy[m++] = y[i];
            }
        }
        return new double[][] {Arrays.copyOf(fx, m), Arrays.copyOf(fy, m)};
    }
}
