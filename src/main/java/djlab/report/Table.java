package djlab.report;

import djlab.results.CurveTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A curve file ({@code epochs.csv}, {@code iterations.csv}) as numeric columns. Empty cells (no validation set) and
 * cells that do not parse (a row cut short by a killed run) read as NaN, so a damaged file still gives its good rows.
 */
record Table(Map<String, double[]> columns, int rows) {

    static final Table EMPTY = new Table(Map.of(), 0);

    /** A curve read back by {@link djlab.results.RunRecord}, as numeric columns. */
    static Table of(CurveTable curve) {
        if (curve.columns().isEmpty()) return EMPTY;
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (String name : curve.columns()) columns.putIfAbsent(name, curve.numbers(name));
        return new Table(columns, curve.size());
    }

    /** The column, or all NaN when the file has no such column. */
    double[] column(String name) {
        double[] column = columns.get(name);
        if (column != null) return column;
        double[] missing = new double[rows];
        Arrays.fill(missing, Double.NaN);
        return missing;
    }

    /** Whether the column holds at least one number. */
    boolean has(String name) {
        double[] column = columns.get(name);
        return column != null && Arrays.stream(column).anyMatch(Double::isFinite);
    }
}
