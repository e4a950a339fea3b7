package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport.CliResult;
import djlab.results.Lease;
import djlab.results.RunFolder;
import djlab.sweep.SweepPlan;
import djlab.train.RunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep meets runs held by other hosts: one whose heartbeat stopped (the host died) is waited for until its lease
 * runs out and then taken over; one whose heartbeat comes in is left to its host, reported as running elsewhere and
 * not counted as failed.
 */
class StaleLeaseSweepTests {

    static final String SPEC = """
            name: shared
            data: {validation: 0, limit: {train: 300, test: 100}}
            model: {type: mlp, hidden: [16]}
            train: {epochs: 1, batch_size: 50, log_every: 1}
            sweep:
              seeds: [1, 2, 3]
            """;

    @TempDir
    Path dir;

    @Test
    void aDeadHostsRunIsTakenOverOnceItsLeaseRunsOutAndALiveHostsRunIsLeftToIt() throws Exception {
        Path spec = write(dir, "shared.yaml", SPEC);
        Path results = dir.resolve("results");
        List<RunPlan> runs = SweepPlan.of(spec, List.of(), new RunPlan.Locations(results, dataRoot(), null)).runs();
        // seed=1: node-dead's 20 s lease (renewed every 5 s), last renewed 16 s ago: three renewals missed.
        Path dead = runs.get(0).folder().dir().resolve(RunFolder.LOCK);
        Lease.write(dead, new Lease.Holder("node-dead", 11, 1_700_000_000_000L, 20, "dead", null));
        Files.setLastModifiedTime(dead, FileTime.from(Instant.now().minusMillis(16_000)));
        write(runs.get(0).folder().dir(), "epochs.csv", "epoch\n");
        // seed=2: node-live's lease, renewed just now.
        Path live = runs.get(1).folder().dir().resolve(RunFolder.LOCK);
        Lease.write(live, new Lease.Holder("node-live", 12, 1_700_000_000_000L, 600, "live", null));

        CliResult r = djlab(withLocations(results, "sweep", spec.toString()));

        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("  seed=1: host node-dead pid 11 stopped renewing its lease; waiting "), r::toString);
        assertTrue(r.err().matches("(?s).*  seed=2: running elsewhere \\(host node-live pid 12, heartbeat \\d+ s ago\\), left to it\\n.*"),
                r::toString);
        assertTrue(r.out().contains("shared: 2 completed, 0 skipped (done before), 0 failed, 1 running elsewhere (left to them)"),
                r::toString);
        assertEquals(List.of("seed=1", "seed=3"), readCsv(results.resolve("shared").resolve("summary.csv")).column("label"));
        assertEquals("node-live", Lease.look(live).orElseThrow().holder().host(), "the live host's lease is untouched");
    }
}
