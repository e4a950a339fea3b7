package djlab.serve;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.results.Metrics;
import djlab.results.RunFolder;
import djlab.results.RunRecord;
import djlab.results.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the dashboard knows of one run folder, kept up to date by the {@link Watcher} from the sizes and times of its
 * files: a completed run costs one look at {@code summary.json} per poll, a run in progress a look at each file and
 * a read of the lines appended to its curves. No curve is held in memory, only where the next read starts.
 */
final class RunEntry {

    /** The front page's row of a run. {@code version} grows with every change, so a page keeps the newest. */
    record Row(String id, String sweep, String name, String label, String status, String problem, int epochsDone,
            Integer epochsTotal, Long iteration, Double bestAccuracy, String bestMetric, Long started, Double seconds,
            long version) {}

    /** A curve's new rows, for the pages that show it. */
    record Growth(String id, String file, CurveFile.Chunk chunk) {}

    final String id;
    final String sweep;
    final Path dir;
    private Stamp summaryStamp = Stamp.NONE;
    private Stamp specStamp = Stamp.NONE;
    private Stamp lockStamp = Stamp.NONE;
    private Stamp epochsStamp = Stamp.NONE;
    private Stamp iterationsStamp = Stamp.NONE;
    private CurveFile epochs;
    private CurveFile iterations;

    private String name;
    private String label;
    private String summaryStatus;
    private String summaryProblem;
    private int epochsDone;
    private Integer epochsTotal;
    private Long iteration;
    private double best = Double.NaN;
    private String bestMetric;
    private Long started;
    private Double seconds;
    private long version;
    private volatile Row row;

    RunEntry(String id, String sweep, Path dir) {
        this.id = id;
        this.sweep = sweep;
        this.dir = dir;
        this.name = dir.getFileName() == null ? id : dir.getFileName().toString();
    }

    Row row() {
        return row;
    }

    /**
     * Looks at the folder again. Returns null when nothing changed; else the curves' new rows (maybe none), and
     * {@link #row()} is the run as it is now.
     */
    List<Growth> refresh(boolean all) {
        // A completed run changes only when it is trained again (--force): it is looked at on the full polls only.
        if (!all && row != null && Summary.COMPLETED.equals(row.status())) return null;
        Stamp summary = Stamp.of(dir.resolve(RunFolder.SUMMARY));
        boolean changed = !summary.equals(summaryStamp);
        if (!changed && row != null && Summary.COMPLETED.equals(row.status())) return null;
        if (changed) {
            summaryStamp = summary;
            readSummary();
        }
        // A summary says all the front page shows; the spec is read only for a run without one.
        Stamp spec = summaryStatus != null && specStamp != Stamp.NONE ? specStamp : Stamp.of(dir.resolve(RunFolder.SPEC));
        if (!spec.equals(specStamp)) {
            specStamp = spec;
            readSpec();
            changed = true;
        }
        // The lock's time is its holder's heartbeat: it changes every few seconds, and only matters through the status.
        Stamp lock = Stamp.of(dir.resolve(RunFolder.LOCK));
        lockStamp = lock;
        List<Growth> growth = new ArrayList<>();
        boolean done = Summary.COMPLETED.equals(summaryStatus);
        if (!done) {
            if (epochs == null) {
                epochs = new CurveFile(dir.resolve(RunFolder.EPOCHS));
                iterations = new CurveFile(dir.resolve(RunFolder.ITERATIONS));
            }
            Stamp e = Stamp.of(dir.resolve(RunFolder.EPOCHS));
            if (!e.equals(epochsStamp)) {
                epochsStamp = e;
                changed |= grow(epochs, "epochs", growth);
            }
            Stamp i = Stamp.of(dir.resolve(RunFolder.ITERATIONS));
            if (!i.equals(iterationsStamp)) {
                iterationsStamp = i;
                changed |= grow(iterations, "iterations", growth);
            }
        } else {
            // Nothing more will be appended to a completed run: no read position need be kept.
            epochs = null;
            iterations = null;
        }
        long newest = max(summary.modified(), spec.modified(), lock.modified(), epochsStamp.modified(),
                iterationsStamp.modified());
        if (!summary.exists()) {
            // A run without a summary: from its spec (written first) to its last write.
            seconds = started == null || newest == 0 ? null : Math.max(0, (newest - started) / 1000.0);
        }
        String problem = summaryProblem != null ? summaryProblem
                : epochs != null && epochs.problem() != null ? epochs.problem()
                : iterations != null && iterations.problem() != null ? iterations.problem() : null;
        String status = problem != null ? "unreadable" : status();
        if (row != null && !changed && Objects.equals(status, row.status())) return null;
        version++;
        row = new Row(id, sweep, name, label, status, problem, epochsDone, epochsTotal, iteration,
                Double.isNaN(best) ? null : best, bestMetric, started, seconds, version);
        return growth;
    }

    private static long max(long... values) {
        long m = 0;
        for (long v : values) m = Math.max(m, v);
        return m;
    }

    /** Without a summary: running while its lock's lease is alive (on this host or, by its heartbeat, another). */
    private String status() {
        if (summaryStatus != null) return summaryStatus;
        if (!lockStamp.exists()) return Summary.INTERRUPTED;
        return RunRecord.of(dir).isLocked() ? Summary.RUNNING : Summary.INTERRUPTED;
    }

    private void readSummary() {
        summaryProblem = null;
        summaryStatus = null;
        if (!summaryStamp.exists()) return;
        JsonNode s = RunRecord.of(dir).summaryTree();
        // The report's rule, so a run the report will not count is unreadable here too.
        summaryProblem = Summary.problem(s);
        if (summaryProblem != null) return;
        summaryStatus = s.path("status").asText();
        if (s.path("name").isTextual()) name = s.path("name").asText();
        if (s.path("label").isTextual()) label = s.path("label").asText();
        epochsDone = s.path("epochs_completed").asInt(epochsDone);
        if (s.path("iterations").isNumber()) iteration = s.path("iterations").asLong();
        JsonNode metrics = s.path("metrics");
        String metric = metrics.has(Metrics.TEST_ACCURACY) ? Metrics.TEST_ACCURACY : Metrics.VALIDATE_ACCURACY;
        JsonNode bestNode = metrics.path(metric).path("best");
        if (bestNode.isNumber()) {
            best = bestNode.asDouble();
            bestMetric = metric;
        }
        Long start = time(s.path("started").asText(null));
        if (start != null) started = start;
        if (s.path("wall_seconds").isNumber()) seconds = s.path("wall_seconds").asDouble();
        if (summaryStatus.equals(Summary.COMPLETED) && epochsTotal == null) epochsTotal = epochsDone;
    }

    private static Long time(String iso) {
        if (iso == null) return null;
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void readSpec() {
        if (!specStamp.exists()) return;
        if (started == null) started = specStamp.modified();
        if (summaryStatus != null) return;
        // A spec being replaced or damaged reads as missing: the summary and the curves still say what they can.
        JsonNode spec = RunRecord.of(dir).specTree();
        if (spec.path("name").isTextual()) name = spec.path("name").asText();
        if (spec.path("train").path("epochs").isNumber()) epochsTotal = spec.path("train").path("epochs").asInt();
    }

    /** Reads what a curve file gained; true when that changed what the row shows. */
    private boolean grow(CurveFile curve, String file, List<Growth> growth) {
        CurveFile.Chunk chunk;
        try {
            chunk = curve.read();
        } catch (IOException e) {
            return false;
        }
        if (chunk == null) return false;
        growth.add(new Growth(id, file, chunk));
        if (summaryStatus != null) return true;
        if (file.equals("epochs")) {
            epochsDone = curve.rows();
            int test = chunk.columns().indexOf(Metrics.TEST_ACCURACY);
            int column = test >= 0 ? test : chunk.columns().indexOf(Metrics.VALIDATE_ACCURACY);
            if (chunk.reset()) best = Double.NaN;
            if (column >= 0) {
                bestMetric = chunk.columns().get(column);
                for (double[] row : chunk.rows()) {
                    if (Double.isFinite(row[column]) && !(row[column] <= best)) best = row[column];
                }
            }
        } else {
            int column = chunk.columns().indexOf("iteration");
            if (column >= 0 && !chunk.rows().isEmpty()) {
                iteration = (long) chunk.rows().get(chunk.rows().size() - 1)[column];
            }
        }
        return true;
    }

    /** A file's size and modification time, or NONE when it is not there. */
    record Stamp(long size, long modified) {
        static final Stamp NONE = new Stamp(-1, 0);

        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.size(), a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                return NONE;
            }
        }

        boolean exists() {
            return size >= 0;
        }
    }
}
