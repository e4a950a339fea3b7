package djlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's lock is a lease: who holds it (host, pid, start time) and a heartbeat. On this host a lock is dead as soon
 * as its process is, or its pid belongs to another process now; a lock from another host only once its heartbeat is
 * older than its lease. Taking one over is atomic, and a holder notices when its lease was taken from it.
 */
class LeaseTests {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<Lease> held = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        held.forEach(Lease::release);
        System.clearProperty("djlab.lease.seconds");
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private Path lock() {
        return dir.resolve("run").resolve(RunFolder.LOCK);
    }

    private Process sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        processes.add(p);
        return p;
    }

    private Optional<Lease> acquire() {
        Optional<Lease> lease = Lease.acquire(lock());
        lease.ifPresent(held::add);
        return lease;
    }

    /** A lease record of another host, its heartbeat {@code age} ago. */
    private void otherHost(String host, double leaseSeconds, Duration age) throws Exception {
        Lease.write(lock(), new Lease.Holder(host, 4242, 1_700_000_000_000L, leaseSeconds, UUID.randomUUID().toString(),
                Instant.now().minus(age).toString()));
        Files.setLastModifiedTime(lock(), FileTime.from(Instant.now().minus(age)));
    }

    @Test
    void aLiveProcessOfThisHostHoldsItsLease() throws Exception {
        Process other = sleeper();
        Lease.write(lock(), Lease.holderFor(other.toHandle(), 60));
        // Even an old heartbeat: on this host the process itself is the evidence.
        Files.setLastModifiedTime(lock(), FileTime.from(Instant.now().minusSeconds(3600)));

        assertTrue(acquire().isEmpty());
        Lease.State state = Lease.look(lock()).orElseThrow();
        assertTrue(state.alive());
        assertEquals(other.pid(), state.holder().pid());
        assertEquals(Lease.host(), state.holder().host());
    }

    @Test
    void aLockOfAProcessThatIsGoneIsDeadAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Lease.write(lock(), Lease.holderFor(gone.toHandle(), 60));

        assertFalse(Lease.look(lock()).orElseThrow().alive());
        Lease lease = acquire().orElseThrow();
        assertEquals(ProcessHandle.current().pid(), Lease.look(lock()).orElseThrow().holder().pid());
        assertEquals(lease.holder().token(), Lease.look(lock()).orElseThrow().holder().token());
    }

    @Test
    void aReusedPidDoesNotKeepTheLockAlive() throws Exception {
        // The pid is alive, but its process started an hour after the one that wrote the lock.
        Process reused = sleeper();
        Lease.Holder real = Lease.holderFor(reused.toHandle(), 60);
        Lease.write(lock(), new Lease.Holder(real.host(), real.pid(), real.started() - 3_600_000, 60, real.token(),
                real.acquired()));

        assertFalse(Lease.look(lock()).orElseThrow().alive());
        assertTrue(acquire().isPresent(), "taken over at once, not blocked for good");
    }

    @Test
    void aBarePidLockOfAnEarlierVersionWhosePidWasReusedIsDead() throws Exception {
        Process reused = sleeper();
        Files.createDirectories(lock().getParent());
        Files.writeString(lock(), String.valueOf(reused.pid()));
        Files.setLastModifiedTime(lock(), FileTime.from(Instant.now().minusSeconds(3600)));

        assertFalse(Lease.look(lock()).orElseThrow().alive(), "its process started after the lock was written");
        assertTrue(acquire().isPresent());
    }

    @Test
    void aLeaseOfAnotherHostIsAliveWhileItsHeartbeatIsFreshEvenIfThePidIsUnknownHere() throws Exception {
        otherHost("node-7", 60, Duration.ofSeconds(5));

        assertTrue(acquire().isEmpty(), "another host's live lock is not taken over");
        Lease.State state = Lease.look(lock()).orElseThrow();
        assertTrue(state.alive());
        assertTrue(state.describe().matches("host node-7 pid 4242, heartbeat [456] s ago"), state.describe());
    }

    @Test
    void anExpiredLeaseOfAnotherHostIsTakenOver() throws Exception {
        otherHost("node-7", 60, Duration.ofSeconds(61));

        assertFalse(Lease.look(lock()).orElseThrow().alive());
        Lease lease = acquire().orElseThrow();
        assertEquals(Lease.host(), Lease.look(lock()).orElseThrow().holder().host());
        assertTrue(lease.confirm());
        assertEquals(List.of(RunFolder.LOCK), names(), "nothing left beside the lock");
    }

    @Test
    void theLeaseTimeIsTheHoldersOwn() throws Exception {
        otherHost("node-7", 2, Duration.ofSeconds(3));

        assertFalse(Lease.look(lock()).orElseThrow().alive(), "a 2 s lease 3 s without a heartbeat has expired");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void ofClaimantsRacingForAnExpiredLeaseExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            otherHost("node-" + round, 60, Duration.ofMinutes(5));
            int claimants = 6;
            CyclicBarrier start = new CyclicBarrier(claimants);
            ExecutorService pool = Executors.newFixedThreadPool(claimants);
            List<Future<Optional<Lease>>> results = new ArrayList<>();
            for (int i = 0; i < claimants; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return Lease.acquire(lock());
                }));
            }
            List<Lease> winners = new ArrayList<>();
            for (Future<Optional<Lease>> r : results) r.get().ifPresent(winners::add);
            pool.shutdown();
            assertEquals(1, winners.size(), "round " + round + ": " + winners.size() + " claimants hold it");
            assertTrue(winners.get(0).confirm());
            assertEquals(List.of(RunFolder.LOCK), names(), "round " + round);
            winners.get(0).release();
            assertFalse(Files.exists(lock()));
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theHeartbeatRenewsTheLeaseAndNoticesWhenItIsTakenOver() throws Exception {
        System.setProperty("djlab.lease.seconds", "1");
        Lease lease = acquire().orElseThrow();
        Files.setLastModifiedTime(lock(), FileTime.from(Instant.now().minusSeconds(30)));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Lease.look(lock()).orElseThrow().heartbeatAge().toSeconds() > 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Lease.look(lock()).orElseThrow().heartbeatAge().toSeconds() <= 5, "renewed");
        assertFalse(lease.lost());

        // Another host takes it over (as after this process was suspended past its lease).
        otherHost("node-9", 60, Duration.ZERO);
        while (!lease.lost() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(lease.lost(), "the heartbeat saw the lock is not its own");
        assertFalse(lease.confirm());
        lease.release();
        assertEquals("node-9", Lease.look(lock()).orElseThrow().holder().host(), "releasing a lost lease leaves the new holder's");
    }

    @Test
    void theLeaseTimeComesFromThePropertyOrTheDefault() {
        assertEquals(Lease.DEFAULT_SECONDS, Lease.seconds(), 0);
        System.setProperty("djlab.lease.seconds", "2.5");
        assertEquals(2.5, Lease.seconds(), 0);
        System.setProperty("djlab.lease.seconds", "-1");
        assertEquals(Lease.DEFAULT_SECONDS, Lease.seconds(), 0);
    }

    private List<String> names() throws Exception {
        try (var files = Files.list(lock().getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
