package djlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a run folder recorded, read back: the one reader of run folders ({@link RunFolder} writes them). The CLI,
 * the Java API, the report, the dashboard and the bench all read {@code summary.json}, {@code spec.yaml}, the curves
 * and the run's status through it. Every read is done when asked and tolerates a folder being written (a file not
 * there yet, or cut off, reads as absent), so a running run shows its progress.
 */
public final class RunRecord {

    // Trees are read leniently (Jackson's defaults), not with the spec mappers' strict checks: a results folder is
    // taken as whichever version wrote it.
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private final Path dir;

    private RunRecord(Path dir) {
        this.dir = dir;
    }

    public static RunRecord of(Path dir) {
        return new RunRecord(dir);
    }

    /** The run folder, {@code <results>/<name>/<run-id>}. */
    public Path dir() {
        return dir;
    }

    /** The run id: the folder's name. */
    public String runId() {
        return dir.getFileName().toString();
    }

    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /** Whether {@code summary.json} is there (readable or not): the run ended, one way or another. */
    public boolean hasSummary() {
        return Files.isRegularFile(dir.resolve(RunFolder.SUMMARY));
    }

    /** {@code summary.json} bound to its record; empty when it is not there or cannot be read. */
    public Optional<Summary> summary() {
        Path file = dir.resolve(RunFolder.SUMMARY);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(SpecFiles.json().readValue(file.toFile(), Summary.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code summary.json} as a tree, for readers that must take folders of older or newer versions as they are;
     * a missing node when it is not there or does not parse.
     */
    public JsonNode summaryTree() {
        return tree(dir.resolve(RunFolder.SUMMARY), false);
    }

    /** What is wrong with a {@code summary.json} that is there ({@link Summary#problem}), or null; none is no problem. */
    public String summaryProblem() {
        return hasSummary() ? Summary.problem(summaryTree()) : null;
    }

    /** {@code spec.yaml}, the resolved spec, as a tree; a missing node when it is not there (yet) or unreadable. */
    public JsonNode specTree() {
        return tree(dir.resolve(RunFolder.SPEC), true);
    }

    /** The epochs the run's spec asks for, or null when its spec.yaml is not there (yet) or unreadable. */
    public Integer epochsPlanned() {
        JsonNode epochs = specTree().path("train").path("epochs");
        return epochs.canConvertToInt() ? epochs.asInt() : null;
    }

    /** {@code epochs.csv}: one row per epoch; empty until the first epoch ends. */
    public CurveTable epochs() {
        return CurveTable.read(dir.resolve(RunFolder.EPOCHS));
    }

    /** {@code iterations.csv}: one row per {@code log_every} iterations. */
    public CurveTable iterations() {
        return CurveTable.read(dir.resolve(RunFolder.ITERATIONS));
    }

    /** How many epochs the curves have recorded so far (of an interrupted run: how far it got). */
    public int epochsRecorded() {
        try (java.util.stream.Stream<String> lines = Files.lines(dir.resolve(RunFolder.EPOCHS))) {
            return (int) Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** The run's lock as it stands: who holds it, their heartbeat, whether they are alive; empty if none. */
    public Optional<Lease.State> lease() {
        return Lease.look(dir.resolve(RunFolder.LOCK));
    }

    /** True while a live process (here or on another host) holds the lock: a run in progress. */
    public boolean isLocked() {
        return lease().map(Lease.State::alive).orElse(false);
    }

    /**
     * The run's status, the one rule: {@code completed} or {@code pruned} (final, from {@code summary.json});
     * {@code running} while a live process holds the folder (a failed run being tried again among them);
     * {@code failed} or {@code diverged} (from {@code summary.json}); {@code interrupted} (stopped by a signal, or a
     * folder without a summary whose process died); {@code pending} (no folder). Constants in {@link Summary}.
     */
    public String status() {
        Optional<Summary> summary = summary();
        if (summary.isPresent() && (summary.get().completed() || Summary.PRUNED.equals(summary.get().status()))) {
            return summary.get().status();
        }
        if (isLocked()) return Summary.RUNNING;
        if (summary.isPresent() && !Summary.INTERRUPTED.equals(summary.get().status())) {
            return summary.get().status() == null ? Summary.FAILED : summary.get().status();
        }
        return exists() ? Summary.INTERRUPTED : Summary.PENDING;
    }

    private static JsonNode tree(Path file, boolean yaml) {
        if (!Files.isRegularFile(file)) return MissingNode.getInstance();
        try {
            JsonNode node = (yaml ? YAML : JSON).readTree(file.toFile());
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException | RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    @Override
    public String toString() {
        return "run folder " + dir;
    }
}
