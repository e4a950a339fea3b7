package djlab.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import djlab.spec.SpecFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One run's folder, {@code <results>/<name>/<run-id>/}, and the only code that writes into it ({@link RunRecord}
 * reads it back). The curves are
 * appended as training goes (so they can be watched), {@code summary.json} is written last through a temporary file
 * and a rename: a folder without it, or with a status other than completed, is an unfinished run.
 */
public final class RunFolder {

    public static final String SPEC = "spec.yaml";
    public static final String ITERATIONS = "iterations.csv";
    public static final String EPOCHS = "epochs.csv";
    public static final String SUMMARY = "summary.json";
    public static final String MODEL = "model";
    public static final String LOCK = "run.lock";
    public static final List<String> ITERATION_COLUMNS = List.of("iteration", "epoch", "lr", Metrics.TRAIN_LOSS,
            Metrics.TRAIN_ACCURACY);
    public static final List<String> EPOCH_COLUMNS = List.of("epoch", Metrics.TRAIN_LOSS, Metrics.TRAIN_ACCURACY,
            Metrics.VALIDATE_LOSS, Metrics.VALIDATE_ACCURACY, Metrics.TEST_LOSS, Metrics.TEST_ACCURACY,
            Metrics.EPOCH_SECONDS, Metrics.ELAPSED_SECONDS);

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    public static RunFolder of(Path resultsRoot, String name, String runId) {
        return new RunFolder(resultsRoot.resolve(name).resolve(runId));
    }

    public Path dir() {
        return dir;
    }

    /** What the folder recorded so far, read back: the one reader of run folders. */
    public RunRecord record() {
        return RunRecord.of(dir);
    }

    public Optional<Summary> summary() {
        return record().summary();
    }

    public boolean isCompleted() {
        return summary().map(Summary::completed).orElse(false);
    }

    /**
     * Decides, under the folder's lock (a {@link Lease}), what this process may do with the run: see
     * {@link RunClaim}. A completed summary is final (only {@code --force} replaces it, and then under the lock), so
     * finding one needs no lock and leaves a completed folder untouched; every other decision is made while holding
     * the lock.
     */
    public RunClaim claim(boolean force) {
        Optional<Summary> before = summary();
        if (!force && before.map(Summary::completed).orElse(false)) return RunClaim.completed(this, before.get());
        Path createdFrom = firstMissing(dir);
        Optional<Lease> lease = Lease.acquire(dir.resolve(LOCK));
        if (lease.isEmpty()) {
            return RunClaim.elsewhere(this, lease().map(Lease.State::describe).orElse("another process"));
        }
        Optional<Summary> now = summary();
        if (!force && now.map(Summary::completed).orElse(false)) {
            lease.get().release();
            return RunClaim.completed(this, now.get());
        }
        boolean earlier;
        try (Stream<Path> files = Files.list(dir)) {
            earlier = files.anyMatch(p -> !p.getFileName().toString().startsWith(LOCK));
        } catch (IOException e) {
            lease.get().release();
            throw new UncheckedIOException(e);
        }
        return RunClaim.held(this, earlier ? RunClaim.Decision.RESUMABLE : RunClaim.Decision.FRESH, now.orElse(null),
                lease.get(), createdFrom);
    }

    /** The outermost folder on the way to {@code dir} that does not exist yet (null if {@code dir} exists). */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) missing = p;
        return missing;
    }

    /** The run's lock as it stands: who holds it, their heartbeat, whether they are alive; empty if none. */
    public Optional<Lease.State> lease() {
        return record().lease();
    }

    /** True while a live process (here or on another host) holds the lock: a run in progress. */
    public boolean isLocked() {
        return record().isLocked();
    }

    /** Empties the folder (but the lock and its claimants' files) for a fresh attempt, so no file of an earlier attempt survives. */
    public void clear() {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.getFileName().toString().startsWith(LOCK)) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many epochs the curves have recorded so far (of an interrupted run: how far it got). */
    public int epochsRecorded() {
        return record().epochsRecorded();
    }

    /** The epochs the run's spec asks for, or null when its spec.yaml is not there (yet) or unreadable. */
    public Integer epochsPlanned() {
        return record().epochsPlanned();
    }

    public void writeSpec(String yaml) {
        write(SPEC, yaml);
    }

    public Curve iterations() {
        return new Curve(dir.resolve(ITERATIONS), ITERATION_COLUMNS);
    }

    public Curve epochs() {
        return new Curve(dir.resolve(EPOCHS), EPOCH_COLUMNS);
    }

    /** {@code iterations.csv} with more columns after the standard ones (e.g. per-head accuracies). */
    public Curve iterations(List<String> extraColumns) {
        return new Curve(dir.resolve(ITERATIONS), concat(ITERATION_COLUMNS, extraColumns));
    }

    /** {@code epochs.csv} with more columns after the standard ones. */
    public Curve epochs(List<String> extraColumns) {
        return new Curve(dir.resolve(EPOCHS), concat(EPOCH_COLUMNS, extraColumns));
    }

    /** {@code iterations.csv} as a checkpoint left it: cut back to its first {@code bytes} bytes, appended to. */
    public Curve iterationsFrom(List<String> extraColumns, long bytes) {
        return new Curve(dir.resolve(ITERATIONS), concat(ITERATION_COLUMNS, extraColumns), bytes);
    }

    /** {@code epochs.csv} as a checkpoint left it: cut back to its first {@code bytes} bytes, appended to. */
    public Curve epochsFrom(List<String> extraColumns, long bytes) {
        return new Curve(dir.resolve(EPOCHS), concat(EPOCH_COLUMNS, extraColumns), bytes);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public void writeSummary(Summary summary) {
        try {
            write(SUMMARY, SpecFiles.json().writeValueAsString(summary) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes through a temporary file and a rename, so a reader never sees half a file; on failure (a full disk) the
     * temporary file is removed and the previous file stays as it was.
     */
    private void write(String name, String content) {
        replace(dir, name, dir.resolve(name + ".tmp"), content);
    }

    static void replace(Path dir, String name, Path tmp, String content) {
        try {
            Files.createDirectories(dir);
            Files.writeString(tmp, content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV curve, one row appended and flushed per point so an interrupted run keeps what it had. */
    public static final class Curve implements AutoCloseable {
        private final Path file;
        private final CSVPrinter printer;

        Curve(Path file, List<String> columns) {
            this.file = file;
            try {
                BufferedWriter out = Files.newBufferedWriter(file);
                printer = CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new))
                        .setRecordSeparator("\n").build().print(out);
                printer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Continues a curve from a checkpoint: the rows written after it (by an attempt that was then killed) are
         * cut off, so the file holds each row once.
         */
        Curve(Path file, List<String> columns, long keepBytes) {
            this.file = file;
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                if (channel.size() < keepBytes) {
                    throw new IOException(file.getFileName() + " is shorter (" + channel.size() + " bytes) than at the checkpoint ("
                            + keepBytes + ")");
                }
                channel.truncate(keepBytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                BufferedWriter out = Files.newBufferedWriter(file, StandardOpenOption.APPEND);
                printer = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build().print(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The bytes written so far (every row is flushed): where a checkpoint cuts the file back to on resume. */
        public long bytes() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Numbers are written as given; null (a metric this run has not got) as an empty cell. */
        public void row(Object... values) {
            try {
                printer.printRecord(values);
                printer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                printer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
