package djlab.api;

import djlab.results.CurveTable;
import djlab.results.SweepFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one sweep folder recorded: its planned runs (from {@code plan.json}) and its table ({@code summary.csv}). */
public final class SweepResults {

    private final Path dir;

    private SweepResults(Path dir) {
        this.dir = dir;
    }

    static SweepResults open(Path dir) {
        return new SweepResults(dir);
    }

    /** The sweep folder, {@code <results>/<sweep-name>}. */
    public Path dir() {
        return dir;
    }

    /** Every planned run in plan order, finished or not; empty when the sweep never started. */
    public List<RunResults> runs() {
        return entries().stream().map(e -> RunResults.open(dir.resolve(e.runId()))).toList();
    }

    /** The table: one row per finished run (label, swept values, status, metrics, times), as in {@code summary.csv}. */
    public List<Row> table() {
        return RunResults.rows(CurveTable.read(dir.resolve(SweepFolder.SUMMARY)));
    }

    /** How many runs have each status (constants in {@link djlab.results.Summary}), in plan order of first sight. */
    public Map<String, Integer> statuses() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RunResults run : runs()) counts.merge(run.status(), 1, Integer::sum);
        return counts;
    }

    /** Whether every planned run completed. */
    public boolean allCompleted() {
        List<RunResults> runs = runs();
        return !runs.isEmpty() && runs.stream().allMatch(RunResults::completed);
    }

    private List<SweepFolder.Entry> entries() {
        return new SweepFolder(dir).plan().map(SweepFolder.Plan::runs).orElse(List.of());
    }

    @Override
    public String toString() {
        return "sweep " + dir + " " + statuses();
    }
}
