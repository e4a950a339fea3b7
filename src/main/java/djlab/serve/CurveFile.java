package djlab.serve;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A curve file ({@code epochs.csv}, {@code iterations.csv}) read as it grows: each call reads only the bytes appended
 * since the last, and only whole lines, so a row DJLab is still writing is left for the next call. A file that
 * shrank was written afresh (a run started again) and is read from its start. A complete line that is not a row of
 * numbers of the header's width marks the file unreadable, with the reason.
 */
final class CurveFile {

    /** At most this much is read per call, so a huge file is taken in steps rather than held whole. */
    static final int MAX_CHUNK = 4 << 20;

    /**
     * What one read found.
     *
     * @param from the byte offset the rows start at; {@code to} where the next read starts
     * @param reset whether the file was started afresh (the rows are all of it, not an addition)
     */
    record Chunk(List<String> columns, long from, long to, List<double[]> rows, boolean reset) {}

    private final Path file;
    private List<String> columns = List.of();
    private long offset;
    private int rows;
    private String problem;

    CurveFile(Path file) {
        this.file = file;
    }

    List<String> columns() {
        return columns;
    }

    long offset() {
        return offset;
    }

    int rows() {
        return rows;
    }

    /** Why the file cannot be read as a curve, or null. */
    String problem() {
        return problem;
    }

    /** Reads what was appended; null when nothing whole was. */
    Chunk read() throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            if (offset > 0) restart();
            return null;
        }
        boolean reset = false;
        if (size < offset) {
            restart();
            reset = true;
        }
        if (size == offset) return reset ? new Chunk(columns, 0, 0, List.of(), true) : null;
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int length = (int) Math.min(size - offset, MAX_CHUNK);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read until full or end of file
            }
            bytes = buffer.array();
            if (buffer.position() < length) bytes = java.util.Arrays.copyOf(bytes, buffer.position());
        }
        int end = lastNewline(bytes);
        if (end < 0) return reset ? new Chunk(columns, 0, 0, List.of(), true) : null;
        long from = offset;
        String text = new String(bytes, 0, end + 1, StandardCharsets.UTF_8);
        List<double[]> parsed = parse(text, from == 0);
        offset = from + end + 1;
        rows += parsed.size();
        return new Chunk(columns, from, offset, parsed, reset || from == 0);
    }

    private void restart() {
        offset = 0;
        rows = 0;
        columns = List.of();
        problem = null;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }

    private List<double[]> parse(String text, boolean withHeader) {
        List<double[]> out = new ArrayList<>();
        try {
            List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(text)).getRecords();
            int first = 0;
            if (withHeader) {
                if (records.isEmpty()) return out;
                columns = List.copyOf(records.get(0).toList());
                first = 1;
                if (columns.isEmpty() || columns.stream().anyMatch(c -> !c.matches("[A-Za-z0-9_]+"))) {
                    problem = file.getFileName() + ": the first line is not a header of column names";
                    return out;
                }
            }
            for (int i = first; i < records.size(); i++) {
                CSVRecord record = records.get(i);
                if (record.size() != columns.size()) {
                    if (problem == null) {
                        problem = file.getFileName() + ": line " + (rows + out.size() + 2) + " has " + record.size()
                                + " cells, expected " + columns.size();
                    }
                    continue;
                }
                double[] row = new double[record.size()];
                for (int c = 0; c < row.length; c++) {
                    String cell = record.get(c).trim();
                    if (cell.isEmpty()) {
                        row[c] = Double.NaN;
                        continue;
                    }
                    try {
                        row[c] = Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        row[c] = Double.NaN;
                        if (problem == null) {
                            problem = file.getFileName() + ": line " + (rows + out.size() + 2) + ": " + columns.get(c)
                                    + " is not a number";
                        }
                    }
                }
                out.add(row);
            }
        } catch (IOException | RuntimeException e) {
            problem = file.getFileName() + ": not a CSV file (" + e.getMessage() + ")";
        }
        return out;
    }
}
