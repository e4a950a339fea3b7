package djlab.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import djlab.spec.SpecFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
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
 * One run's folder, {@code <results>/<name>/<run-id>/}, and the only code that writes into it. The curves are
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
    public static final List<String> ITERATION_COLUMNS = List.of("iteration", "epoch", "lr", "train_loss", "train_accuracy");
    public static final List<String> EPOCH_COLUMNS = List.of("epoch", "train_loss", "train_accuracy", "validate_loss",
            "validate_accuracy", "test_loss", "test_accuracy", "epoch_seconds", "elapsed_seconds");

    /** The run folders this process holds, so one of its runs never takes another's lock for a dead process's. */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

    private Path key() {
        return dir.toAbsolutePath().normalize();
    }

    public Optional<Summary> summary() {
        Path file = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(SpecFiles.json().readValue(file.toFile(), Summary.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean isCompleted() {
        return summary().map(Summary::completed).orElse(false);
    }

    /**
     * Decides, under the folder's lock, what this process may do with the run: see {@link RunClaim}. A completed
     * summary is final (only {@code --force} replaces it, and then under the lock), so finding one needs no lock and
     * leaves a completed folder untouched; every other decision is made while holding the lock.
     */
    public RunClaim claim(boolean force) {
        Optional<Summary> before = summary();
        if (!force && before.map(Summary::completed).orElse(false)) return RunClaim.completed(this, before.get());
        Path createdFrom = firstMissing(dir);
        if (!lock()) return RunClaim.elsewhere(this, "process " + holder());
        Optional<Summary> now = summary();
        if (!force && now.map(Summary::completed).orElse(false)) {
            unlock();
            return RunClaim.completed(this, now.get());
        }
        boolean earlier = false;
        try (Stream<Path> files = Files.list(dir)) {
            earlier = files.anyMatch(p -> !p.getFileName().toString().equals(LOCK));
        } catch (IOException e) {
            unlock();
            throw new UncheckedIOException(e);
        }
        return RunClaim.held(this, earlier ? RunClaim.Decision.RESUMABLE : RunClaim.Decision.FRESH, now.orElse(null),
                createdFrom);
    }

    /** The outermost folder on the way to {@code dir} that does not exist yet (null if {@code dir} exists). */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) missing = p;
        return missing;
    }

    private String holder() {
        try {
            return Files.readString(dir.resolve(LOCK)).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Claims the folder for this process: creates {@code run.lock} atomically. A lock left by a process that no
     * longer runs (killed) is taken over. Returns false when a live process holds it.
     */
    public boolean lock() {
        try {
            Files.createDirectories(dir);
            Path lock = dir.resolve(LOCK);
            String me = String.valueOf(ProcessHandle.current().pid());
            // Another run of this same process (--parallel) holds it: the pid alone cannot tell.
            if (HELD.contains(key())) return false;
            try {
                Files.writeString(lock, me, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return HELD.add(key());
            } catch (FileAlreadyExistsException e) {
                String holder = Files.readString(lock).trim();
                if (!holder.isEmpty() && !holder.equals(me) && isAlive(holder)) return false;
                // Left by a killed process: remove it and claim it afresh, atomically, so of two claimants one wins.
                Files.deleteIfExists(lock);
                try {
                    Files.writeString(lock, me, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return HELD.add(key());
                } catch (FileAlreadyExistsException lost) {
                    return false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True while a live process holds the lock (a run in progress). */
    public boolean isLocked() {
        try {
            String holder = Files.readString(dir.resolve(LOCK)).trim();
            return isAlive(holder);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public void unlock() {
        HELD.remove(key());
        try {
            Files.deleteIfExists(dir.resolve(LOCK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties the folder (but the lock) for a fresh attempt, so no file of an earlier attempt survives. */
    public void clear() {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.getFileName().toString().equals(LOCK)) Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    private void write(String name, String content) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV curve, one row appended and flushed per point so an interrupted run keeps what it had. */
    public static final class Curve implements AutoCloseable {
        private final CSVPrinter printer;

        Curve(Path file, List<String> columns) {
            try {
                BufferedWriter out = Files.newBufferedWriter(file);
                printer = CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new))
                        .setRecordSeparator("\n").build().print(out);
                printer.flush();
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
