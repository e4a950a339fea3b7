package djlab.results;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file of a run or sweep folder read back ({@code epochs.csv}, {@code iterations.csv}, {@code summary.csv}):
 * its header and its rows as text. A file that is not there yet reads as empty; one commons-csv cannot parse (cut
 * off by a killed writer) reads as empty too, so a reader of results never fails on a run that is still being
 * written.
 *
 * @param columns the header, in file order
 * @param rows each row's cells in header order; a short row (cut off) is padded with empty cells
 */
public record CurveTable(List<String> columns, List<List<String>> rows) {

    public static final CurveTable EMPTY = new CurveTable(List.of(), List.of());

    public static CurveTable read(Path file) {
        if (!Files.isRegularFile(file)) return EMPTY;
        try (Reader in = Files.newBufferedReader(file);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .setAllowMissingColumnNames(true).build().parse(in)) {
            List<String> names = List.copyOf(parser.getHeaderNames());
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                List<String> row = new ArrayList<>(names.size());
                for (int i = 0; i < names.size(); i++) row.add(i < record.size() ? record.get(i) : "");
                rows.add(List.copyOf(row));
            }
            return new CurveTable(names, List.copyOf(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // commons-csv reports a malformed file as an unchecked exception: the reader goes on without the curve.
            return EMPTY;
        }
    }

    public int size() {
        return rows.size();
    }

    public boolean hasColumn(String column) {
        return columns.contains(column);
    }

    /** A cell as text; empty when the column is absent or the cell has no value. */
    public String text(int row, String column) {
        int c = columns.indexOf(column);
        return c < 0 ? "" : rows.get(row).get(c);
    }

    /** A column as numbers: NaN for empty cells (no validation set) and cells that do not parse; all NaN when absent. */
    public double[] numbers(String column) {
        double[] values = new double[rows.size()];
        int c = columns.indexOf(column);
        if (c < 0) {
            Arrays.fill(values, Double.NaN);
            return values;
        }
        for (int r = 0; r < values.length; r++) values[r] = number(rows.get(r).get(c));
        return values;
    }

    private static double number(String cell) {
        if (cell == null || cell.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
