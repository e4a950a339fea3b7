package djlab.report;

import djlab.results.Metrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The comparison table: one row per variant, each cell a measure's mean ± std over the variant's completed seeds. */
final class Comparison {

    enum Column {
        FINAL_ACCURACY("final test acc (%)", r -> r.metric(Metrics.TEST_ACCURACY, "last"), true, 100, "%.2f"),
        BEST_ACCURACY("best test acc (%)", r -> r.metric(Metrics.TEST_ACCURACY, "best"), true, 100, "%.2f"),
        TEST_LOSS("final test loss", r -> r.metric(Metrics.TEST_LOSS, "last"), false, 1, "%.4f"),
        CONVERGENCE("convergence iteration", r -> r.number("convergence_iteration"), false, 1, "%,.0f"),
        WALL_SECONDS("wall time (s)", r -> r.number("wall_seconds"), false, 1, "%.1f"),
        PARAMETERS("parameters", r -> r.number("parameters"), false, 1, "%,.0f");

        final String title;
        final ToDoubleFunction<RunResult> measure;
        final boolean higherIsBetter;
        final double scale;
        final String format;

        Column(String title, ToDoubleFunction<RunResult> measure, boolean higherIsBetter, double scale, String format) {
            this.title = title;
            this.measure = measure;
            this.higherIsBetter = higherIsBetter;
            this.scale = scale;
            this.format = format;
        }

        String number(double value) {
            return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value * scale);
        }
    }

    /** @param runs all runs of the variant, unfinished and failed ones included (they are counted, not averaged) */
    record Row(Variant variant, Map<Column, Stats> cells, int completed, int runs) {
        Stats get(Column column) {
            return cells.get(column);
        }
    }

    private final List<Row> rows;

    private Comparison(List<Row> rows) {
        this.rows = rows;
    }

    static Comparison of(List<Variant> variants) {
        List<Row> rows = new ArrayList<>();
        for (Variant v : variants) {
            Map<Column, Stats> cells = new EnumMap<>(Column.class);
            for (Column c : Column.values()) {
                Stats s = Stats.of(v.completed().stream().mapToDouble(c.measure).toArray());
                cells.put(c, c == Column.FINAL_ACCURACY || c == Column.BEST_ACCURACY ? s.within(0, 1) : s);
            }
            rows.add(new Row(v, cells, v.completed().size(), v.runs().size()));
        }
        return new Comparison(rows);
    }

    List<Row> rows() {
        return rows;
    }

    /** Whether the row has the best mean of its column; ties are all best. Needs two rows to mean anything. */
    boolean isBest(Row row, Column column) {
        if (rows.size() < 2) return false;
        double mine = row.get(column).mean();
        if (Double.isNaN(mine)) return false;
        for (Row other : rows) {
            double theirs = other.get(column).mean();
            if (Double.isNaN(theirs)) continue;
            if (column.higherIsBetter ? theirs > mine : theirs < mine) return false;
        }
        // A column where every row is equal (same network, same parameter count) has no best.
        return rows.stream().anyMatch(r -> !Double.isNaN(r.get(column).mean()) && r.get(column).mean() != mine);
    }

    /** mean ± std, or the mean alone with one seed or no spread; "(n=k)" when fewer seeds than the row has. */
    static String cell(Row row, Column column) {
        Stats s = row.get(column);
        if (s.n() == 0) return "–";
        String text = column.number(s.mean());
        if (s.hasSpread() && s.std() > 0) text += " ± " + column.number(s.std());
        if (s.n() != row.completed()) text += " (n=" + s.n() + ")";
        return text;
    }

    /** The 95% interval of the mean final test accuracy, in percent. */
    static String interval(Row row) {
        Stats s = row.get(Column.FINAL_ACCURACY);
        if (!s.hasSpread()) return "–";
        return Column.FINAL_ACCURACY.number(s.ciLow()) + " – " + Column.FINAL_ACCURACY.number(s.ciHigh());
    }

    /** The seeds column: completed runs, and any that failed or did not finish. */
    static String count(Row row) {
        int other = row.runs() - row.completed();
        return row.completed() + (other > 0 ? " (+" + other + " not completed)" : "");
    }

    /** The table as aligned text for a terminal; best values marked with '*'. */
    String plainText() {
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("variant", "n"));
        for (Column c : Column.values()) {
            header.add(c.title);
            if (c == Column.FINAL_ACCURACY) header.add("95% CI");
        }
        lines.add(header.toArray(String[]::new));
        for (Row row : rows) {
            List<String> line = new ArrayList<>(List.of(row.variant().name(), count(row)));
            for (Column c : Column.values()) {
                line.add(cell(row, c) + (isBest(row, c) ? " *" : ""));
                if (c == Column.FINAL_ACCURACY) line.add(interval(row));
            }
            lines.add(line.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) widths[i] = Math.max(widths[i], line[i].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                String pad = " ".repeat(widths[i] - line[i].length());
                out.append(i == 0 ? line[i] + pad : "  " + pad + line[i]);
            }
            out.append('\n');
        }
        out.append("mean ± std over seeds; n = completed runs; * = best in its column; "
                + "95% CI = interval of the mean final test accuracy (Student's t, cut at 0 and 100%)\n");
        return out.toString();
    }
}
