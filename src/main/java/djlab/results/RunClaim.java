package djlab.results;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What this process may do with a run folder, decided while holding the folder's lock ({@link RunFolder#claim}).
 * Every state decision about a run (completed? trained elsewhere? start afresh?) is made here and nowhere else: a
 * check made before the lock was taken could be stale by the time it is acted on (another process may have finished
 * the run meanwhile), and acting on it could delete a completed run.
 */
public final class RunClaim implements AutoCloseable {

    public enum Decision {
        /** Completed before (and not forced): leave it alone. The lock is not held. */
        COMPLETED,
        /** Another process (here or on another host) holds the lock: leave it alone. The lock is not held. */
        RUNNING_ELSEWHERE,
        /** No earlier attempt (or {@code --force}): the lock is held; train from the start. */
        FRESH,
        /** An earlier attempt (killed, failed, diverged) left files: the lock is held. */
        RESUMABLE
    }

    private final RunFolder folder;
    private final Decision decision;
    private final Summary summary;
    private final String holder;
    private final Path createdFrom;
    private boolean held;

    private RunClaim(RunFolder folder, Decision decision, Summary summary, String holder, Path createdFrom, boolean held) {
        this.folder = folder;
        this.decision = decision;
        this.summary = summary;
        this.holder = holder;
        this.createdFrom = createdFrom;
        this.held = held;
    }

    static RunClaim completed(RunFolder folder, Summary summary) {
        return new RunClaim(folder, Decision.COMPLETED, summary, null, null, false);
    }

    static RunClaim elsewhere(RunFolder folder, String holder) {
        return new RunClaim(folder, Decision.RUNNING_ELSEWHERE, null, holder, null, false);
    }

    static RunClaim held(RunFolder folder, Decision decision, Summary previous, Path createdFrom) {
        return new RunClaim(folder, decision, previous, null, createdFrom, true);
    }

    public Decision decision() {
        return decision;
    }

    public RunFolder folder() {
        return folder;
    }

    /** True when this process holds the lock and should train the run. */
    public boolean held() {
        return held;
    }

    /** The completed run's summary (COMPLETED), or an earlier attempt's (RESUMABLE), if it has one. */
    public Optional<Summary> summary() {
        return Optional.ofNullable(summary);
    }

    /** Who holds the lock (RUNNING_ELSEWHERE), in words for the terminal. */
    public String holder() {
        return holder;
    }

    /** Lets the lock go. The folder keeps whatever was written. */
    @Override
    public void close() {
        if (!held) return;
        held = false;
        folder.unlock();
    }

    /**
     * Bad input found after claiming (data that cannot be read, a device that is not there): lets the lock go and
     * removes the folders claiming created, so bad input leaves nothing behind. An earlier attempt's files stay.
     */
    public void abandon() {
        close();
        if (createdFrom == null) return;
        Path p = folder.dir().toAbsolutePath();
        while (p != null && p.startsWith(createdFrom)) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return; // another process uses it now, or it is gone: leave the rest
            } catch (IOException e) {
                return;
            }
            if (p.equals(createdFrom)) return;
            p = p.getParent();
        }
    }
}
