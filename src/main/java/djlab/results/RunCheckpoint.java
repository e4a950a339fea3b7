package djlab.results;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The checkpoint of one run folder, {@code checkpoint.bin}: written through {@code checkpoint.bin.tmp}, flushed to
 * the disk and renamed over the old one, so a kill at any instant leaves the old checkpoint or the new one, never
 * half of one. Beside {@link RunFolder}, which writes everything else of the folder.
 */
public final class RunCheckpoint {

    public static final String FILE = "checkpoint.bin";

    /** Writing the checkpoint failed (a full disk, a folder gone read-only); the previous one is intact. */
    public static final class WriteFailed extends RuntimeException {
        public WriteFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Opens the temporary file: replaced in tests to fail as a full disk does. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final Path dir;
    private final Opener opener;

    public RunCheckpoint(RunFolder folder) {
        this(folder, file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
    }

    public RunCheckpoint(RunFolder folder, Opener opener) {
        this.dir = folder.dir();
        this.opener = opener;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    public boolean exists() {
        return Files.isRegularFile(file());
    }

    /** Replaces the checkpoint atomically; on failure the temporary file is removed and the old one is left. */
    public long write(Checkpoint checkpoint) {
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            try (FileChannel channel = opener.open(tmp);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                checkpoint.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
            return Files.size(file());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The write failed already; that is what is reported.
            }
            throw new WriteFailed("cannot write the checkpoint " + file() + ": " + describe(e)
                    + (exists() ? " (the previous checkpoint is intact)" : ""), e);
        }
    }

    /** The rename reaches the disk too (Linux: an fsync of the folder); where a folder cannot be opened, skipped. */
    private void syncDirectory() {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not possible on every file system; the rename itself is still atomic.
        }
    }

    /**
     * The checkpoint, if there is one; {@link Checkpoint.Unusable} when there is a file that must not be continued
     * from (damaged, cut short, of another run).
     */
    public Optional<Checkpoint> read(String runId) throws Checkpoint.Unusable {
        Path file = file();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return Optional.of(Checkpoint.readFrom(in, Files.size(file), runId));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new Checkpoint.Unusable("it cannot be read: " + describe(e));
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file());
            Files.deleteIfExists(dir.resolve(FILE + ".tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message != null && message.contains("No space left")) return "the disk is full (" + message + ")";
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
