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
    private Lease lease;

    private RunClaim(RunFolder folder, Decision decision, Summary summary, String holder, Path createdFrom, Lease lease) {
        this.folder = folder;
        this.decision = decision;
        this.summary = summary;
        this.holder = holder;
        this.createdFrom = createdFrom;
        this.lease = lease;
    }

    static RunClaim completed(RunFolder folder, Summary summary) {
        return new RunClaim(folder, Decision.COMPLETED, summary, null, null, null);
    }

    static RunClaim elsewhere(RunFolder folder, String holder) {
        return new RunClaim(folder, Decision.RUNNING_ELSEWHERE, null, holder, null, null);
    }

    static RunClaim held(RunFolder folder, Decision decision, Summary previous, Lease lease, Path createdFrom) {
        return new RunClaim(folder, decision, previous, null, createdFrom, lease);
    }

    public Decision decision() {
        return decision;
    }

    public RunFolder folder() {
        return folder;
    }

    /** True when this process holds the lock and should train the run. */
    public boolean held() {
        return lease != null;
    }

    /**
     * True once another process has taken the run over: this one stopped renewing its lease for longer than the
     * lease (suspended, cut off from a network folder). It must stop training and write nothing more.
     */
    public boolean lost() {
        return lease != null && lease.lost();
    }

    /** Like {@link #lost()}, but looks at the lock now: before writing what only the holder may write. */
    public boolean confirmLost() {
        return lease != null && !lease.confirm();
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
        if (lease == null) return;
        lease.release();
        lease = null;
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
