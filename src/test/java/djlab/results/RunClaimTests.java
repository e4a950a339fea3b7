package djlab.results;

import static djlab.TestSupport.filesUnder;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision about a run folder is made under its lock: a run completed by another process is never cleared, a
 * run another live process holds is left to it, and what claiming created is removed again on bad input.
 */
class RunClaimTests {

    @TempDir
    Path dir;

    private Process other;

    @AfterEach
    void stopOther() throws InterruptedException {
        if (other != null) {
            other.destroyForcibly();
            other.waitFor();
        }
    }

    private RunFolder folder() {
        return RunFolder.of(dir.resolve("results"), "claims", "0123456789ab");
    }

    /** Another live process on this machine holding the run's lock. */
    private void lockedByAnotherLiveProcess(RunFolder folder) throws Exception {
        other = new ProcessBuilder("sleep", "600").start();
        lockedBy(folder, other.toHandle());
    }

    /** A lock file as the process {@code holder} on this machine writes it. */
    static void lockedBy(RunFolder folder, ProcessHandle holder) {
        Lease.write(folder.dir().resolve(RunFolder.LOCK), Lease.holderFor(holder, 60));
    }

    static Summary completed(String runId) {
        return new Summary("claims", runId, null, null, 1L, null, Summary.COMPLETED, null, 1, 10, Map.of(), 100L, 1.0,
                1.0, 10.0, 10, "test_accuracy", Map.of(), "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z");
    }

    @Test
    void aRunCompletedWhileAnotherProcessStillHoldsTheLockIsCompletedNotCleared() throws Exception {
        RunFolder folder = folder();
        lockedByAnotherLiveProcess(folder);
        write(folder.dir(), "epochs.csv", "epoch\n1\n");
        folder.writeSummary(completed("0123456789ab"));
        List<String> before = filesUnder(folder.dir());

        try (RunClaim claim = folder.claim(false)) {
            assertEquals(RunClaim.Decision.COMPLETED, claim.decision());
            assertFalse(claim.held());
            assertTrue(claim.summary().orElseThrow().completed());
        }
        assertEquals(before, filesUnder(folder.dir()));
    }

    @Test
    void aRunAnotherLiveProcessHoldsIsRunningElsewhereAndUntouchedEvenWhenForced() throws Exception {
        RunFolder folder = folder();
        lockedByAnotherLiveProcess(folder);
        write(folder.dir(), "epochs.csv", "epoch\n1\n");
        folder.writeSummary(completed("0123456789ab"));
        String lock = Files.readString(folder.dir().resolve(RunFolder.LOCK));

        try (RunClaim claim = folder.claim(true)) {
            assertEquals(RunClaim.Decision.RUNNING_ELSEWHERE, claim.decision());
            assertFalse(claim.held());
            assertTrue(claim.holder().startsWith("host " + Lease.host() + " pid " + other.pid() + ", heartbeat "), claim.holder());
        }
        assertEquals(List.of("epochs.csv", "run.lock", "summary.json"), filesUnder(folder.dir()));
        assertEquals(lock, Files.readString(folder.dir().resolve(RunFolder.LOCK)), "the other's lock is left alone");
    }

    @Test
    void anInterruptedRunIsResumableAndItsLockHeldUntilClosed() throws Exception {
        RunFolder folder = folder();
        write(folder.dir(), "epochs.csv", "epoch\n1\n");
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        lockedBy(folder, dead.toHandle());

        try (RunClaim claim = folder.claim(false)) {
            assertEquals(RunClaim.Decision.RESUMABLE, claim.decision());
            assertTrue(claim.held());
            assertTrue(folder.isLocked(), "held by this process now");
            assertEquals(RunClaim.Decision.RUNNING_ELSEWHERE, folder.claim(false).decision(),
                    "a second claim, even from this process, finds it held");
        }
        assertFalse(Files.exists(folder.dir().resolve(RunFolder.LOCK)));
        assertEquals(List.of("epochs.csv"), filesUnder(folder.dir()), "closing lets go and keeps the files");
    }

    @Test
    void aFailedRunIsResumableWithItsSummary() {
        RunFolder folder = folder();
        Summary failed = Summary.failed("claims", "0123456789ab", null, 1L, "IOException: No space left on device", 0.1,
                null, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z");
        folder.writeSummary(failed);

        try (RunClaim claim = folder.claim(false)) {
            assertEquals(RunClaim.Decision.RESUMABLE, claim.decision());
            assertEquals(Summary.FAILED, claim.summary().orElseThrow().status());
        }
    }

    @Test
    void aNewRunIsFreshAndAbandoningItRemovesWhatClaimingCreated() {
        RunFolder folder = folder();

        RunClaim claim = folder.claim(false);
        assertEquals(RunClaim.Decision.FRESH, claim.decision());
        assertTrue(Files.exists(folder.dir().resolve(RunFolder.LOCK)));
        claim.abandon();

        assertFalse(Files.exists(dir.resolve("results")), () -> filesUnder(dir).toString());
    }

    @Test
    void aForcedClaimOfACompletedRunIsHeldAsAnEarlierAttempt() {
        RunFolder folder = folder();
        folder.writeSummary(completed("0123456789ab"));

        try (RunClaim claim = folder.claim(true)) {
            assertEquals(RunClaim.Decision.RESUMABLE, claim.decision());
            assertTrue(claim.held());
        }
    }
}
