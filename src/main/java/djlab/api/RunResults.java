package djlab.api;

import djlab.results.CurveTable;
import djlab.results.RunFolder;
import djlab.results.RunRecord;
import djlab.results.Summary;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one run folder recorded: its spec, status, summary and curves. Read when asked, so a running run shows progress. */
public final class RunResults {

    private final Path dir;
    private final boolean skipped;
    private final String heldBy;
    private final Summary ended;

    private RunResults(Path dir, boolean skipped, String heldBy, Summary ended) {
        this.dir = dir;
        this.skipped = skipped;
        this.heldBy = heldBy;
        this.ended = ended;
    }

    static RunResults open(Path dir) {
        return new RunResults(dir, false, null, null);
    }

    /**
     * What {@link Experiment#run()} found and did: the run folder, whether it was done before or held by another
     * process, and the summary the run ended with (kept should writing it have failed, on a full disk).
     */
    static RunResults of(Path dir, boolean skipped, String heldBy, Summary ended) {
        return new RunResults(dir, skipped, heldBy, ended);
    }

    /**
     * Whether {@link Experiment#run()} found the run completed before and did not train it again (without
     * {@link Experiment#force(boolean)}); false for results opened with {@link Experiments#openRun}.
     */
    public boolean skipped() {
        return skipped;
    }

    /**
     * When {@link Experiment#run()} found another process training the run (on this host or another, by its lock):
     * who (host, pid, heartbeat age); the run was not trained here. Empty otherwise.
     */
    public Optional<String> heldElsewhere() {
        return Optional.ofNullable(heldBy);
    }

    /**
     * When this process was asked to stop by a signal (TERM, INT) while training: its name. The run was recorded
     * {@code interrupted} with a checkpoint and continues when run again.
     */
    public Optional<String> stoppedBy() {
        return Experiment.stopSignal();
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
        return record().status();
    }

    public boolean completed() {
        return Summary.COMPLETED.equals(status());
    }

    /** {@code summary.json}: final and best of every metric, parameters, times, environment; empty until written. */
    public Optional<Summary> summary() {
        return record().summary().or(() -> Optional.ofNullable(ended));
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
        return rows(record().epochs());
    }

    /** {@code iterations.csv}: one row per {@code log_every} iterations (lr, training loss and accuracy). */
    public List<Row> iterations() {
        return rows(record().iterations());
    }

    /** The rows of a CSV file read back, each by column name. */
    static List<Row> rows(CurveTable table) {
        List<Row> rows = new ArrayList<>();
        for (List<String> cells : table.rows()) {
            Map<String, String> byColumn = new LinkedHashMap<>();
            for (int c = 0; c < table.columns().size(); c++) byColumn.put(table.columns().get(c), cells.get(c));
            rows.add(new Row(byColumn));
        }
        return rows;
    }

    private RunRecord record() {
        return RunRecord.of(dir);
    }

    @Override
    public String toString() {
        return "run " + dir + " (" + status() + ")";
    }
}
