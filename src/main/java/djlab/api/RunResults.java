package djlab.api;

import djlab.results.RunFolder;
import djlab.results.Summary;
import djlab.results.SweepFolder;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** What one run folder recorded: its spec, status, summary and curves. Read when asked, so a running run shows progress. */
public final class RunResults {

    private final Path dir;

    private RunResults(Path dir) {
        this.dir = dir;
    }

    static RunResults open(Path dir) {
        return new RunResults(dir);
    }

    /** The run folder, {@code <results>/<name>/<run-id>}. */
    public Path dir() {
        return dir;
    }

    /** The run id: the folder's name. */
    public String runId() {
        return dir.getFileName().toString();
    }

    /**
     * {@code completed}, {@code failed}, {@code diverged} or {@code pruned} (from {@code summary.json}); {@code running} (locked by a
     * live process), {@code interrupted} (started, no summary) or {@code pending} (no folder). Constants in
     * {@link Summary}.
     */
    public String status() {
        SweepFolder.State state = new SweepFolder(dir.getParent())
                .state(new SweepFolder.Entry(0, "", runId()));
        return switch (state) {
            case DONE, FAILED, PRUNED -> summary().map(Summary::status).orElse(Summary.FAILED);
            case RUNNING -> Summary.RUNNING;
            case INTERRUPTED -> Summary.INTERRUPTED;
            case PENDING -> Summary.PENDING;
        };
    }

    public boolean completed() {
        return Summary.COMPLETED.equals(status());
    }

    /** {@code summary.json}: final and best of every metric, parameters, times, environment; empty until written. */
    public Optional<Summary> summary() {
        return new RunFolder(dir).summary();
    }

    /**
     * Final and best value of a metric ({@link djlab.results.Metrics}: {@code test_accuracy}, ...). Throws when the
     * run has no summary or did not record it.
     */
    public Summary.Metric metric(String name) {
        Summary s = summary().orElseThrow(() -> new IllegalStateException(dir + ": no " + RunFolder.SUMMARY
                + " (status " + status() + ")"));
        Summary.Metric m = s.metrics().get(name);
        if (m == null) throw new IllegalArgumentException("no metric '" + name + "'; recorded: " + s.metrics().keySet());
        return m;
    }

    /** The resolved spec the run was trained from ({@code spec.yaml}). */
    public ExperimentSpec spec() {
        return SpecFiles.load(dir.resolve(RunFolder.SPEC), List.of());
    }

    /** {@code epochs.csv}: one row per epoch (train, validate, test loss and accuracy, times, extra metrics). */
    public List<Row> epochs() {
        return rows(dir.resolve(RunFolder.EPOCHS));
    }

    /** {@code iterations.csv}: one row per {@code log_every} iterations (lr, training loss and accuracy). */
    public List<Row> iterations() {
        return rows(dir.resolve(RunFolder.ITERATIONS));
    }

    /** The rows of a CSV file with a header; empty when the file does not exist (yet). */
    static List<Row> rows(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try (Reader in = Files.newBufferedReader(file);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                Map<String, String> cells = new LinkedHashMap<>();
                for (String column : parser.getHeaderNames()) cells.put(column, record.isSet(column) ? record.get(column) : "");
                rows.add(new Row(cells));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "run " + dir + " (" + status() + ")";
    }
}
