package djlab.sweep;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads one metric's values per epoch from a run's epochs.csv: what pruning compares, and what a replay reads. */
public final class EpochCurves {

    private EpochCurves() {}

    /** The column's values, epoch 1 first; empty when the file is not there yet. A cell that is not a number is NaN. */
    public static double[] column(Path epochsCsv, String metric) {
        List<Double> values = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(epochsCsv);
                CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            for (CSVRecord row : csv) {
                String cell = row.isMapped(metric) && row.isSet(metric) ? row.get(metric) : "";
                try {
                    values.add(Double.parseDouble(cell));
                } catch (NumberFormatException e) {
                    values.add(Double.NaN);
                }
            }
        } catch (NoSuchFileException e) {
            return new double[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
