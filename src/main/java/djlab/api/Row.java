package djlab.api;

import java.util.List;
import java.util.Map;

/** One row of a curve or table, by column name: a line of {@code epochs.csv}, {@code iterations.csv} or {@code summary.csv}. */
public record Row(Map<String, String> cells) {

    /** The column names, in file order. */
    public List<String> columns() {
        return List.copyOf(cells.keySet());
    }

    /** Whether the column exists and has a value in this row. */
    public boolean has(String column) {
        String v = cells.get(column);
        return v != null && !v.isEmpty();
    }

    /** The cell as text; empty for a column without a value. Throws for a column the file does not have. */
    public String text(String column) {
        String v = cells.get(column);
        if (v == null) throw new IllegalArgumentException("no column '" + column + "'; the columns are " + columns());
        return v;
    }

    /** The cell as a number; NaN for an empty cell. */
    public double number(String column) {
        String v = text(column);
        return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }
}
