package djlab.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A curve file ({@code epochs.csv}, {@code iterations.csv}) as numeric columns. Empty cells (no validation set) and
 * cells that do not parse (a row cut short by a killed run) read as NaN, so a damaged file still gives its good rows.
 */
record Table(Map<String, double[]> columns, int rows) {

    static final Table EMPTY = new Table(Map.of(), 0);

    static Table read(Path file) {
        if (!Files.isRegularFile(file)) return EMPTY;
        try (Reader in = Files.newBufferedReader(file);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .setAllowMissingColumnNames(true).build().parse(in)) {
            List<String> names = parser.getHeaderNames();
            List<double[]> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                double[] row = new double[names.size()];
                for (int i = 0; i < row.length; i++) row[i] = i < record.size() ? number(record.get(i)) : Double.NaN;
                rows.add(row);
            }
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (int c = 0; c < names.size(); c++) {
                double[] column = new double[rows.size()];
                for (int r = 0; r < column.length; r++) column[r] = rows.get(r)[c];
                columns.put(names.get(c), column);
            }
            return new Table(columns, rows.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // commons-csv reports a malformed file as an unchecked exception; the report goes on without the curve.
            return EMPTY;
        }
    }

    private static double number(String cell) {
        if (cell == null || cell.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
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
