package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport.CliResult;
import djlab.results.Lease;
import djlab.results.RunFolder;
import djlab.results.SweepFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} on a results folder shared by hosts: a run held by a live lease elsewhere shows that host, pid and
 * heartbeat age; a run whose holder's lease expired, or that a signal stopped, is interrupted, with how far it got.
 */
class StatusDetailsTests {

    @TempDir
    Path dir;

    @Test
    void showsWhoTrainsARunAndHowFarAnInterruptedRunGot() throws Exception {
        SweepFolder sweep = new SweepFolder(dir.resolve("shared"));
        List<SweepFolder.Entry> runs = List.of(new SweepFolder.Entry(0, "lr=0.1", "aaaaaaaaaaaa"),
                new SweepFolder.Entry(1, "lr=0.2", "bbbbbbbbbbbb"), new SweepFolder.Entry(2, "lr=0.3", "cccccccccccc"),
                new SweepFolder.Entry(3, "lr=0.4", "dddddddddddd"));
        sweep.writePlan(new SweepFolder.Plan("shared", "shared.yaml", runs));
        // lr=0.1: trained on node-7, heartbeat 7 s ago (its lease is 60 s).
        Path live = sweep.run("aaaaaaaaaaaa").dir().resolve(RunFolder.LOCK);
        Lease.write(live, new Lease.Holder("node-7", 4242, 1_700_000_000_000L, 60, "t1", null));
        Files.setLastModifiedTime(live, FileTime.from(Instant.now().minusSeconds(7)));
        // lr=0.2: node-8 stopped renewing 2 minutes ago, after recording two of five epochs.
        Path dead = sweep.run("bbbbbbbbbbbb").dir().resolve(RunFolder.LOCK);
        Lease.write(dead, new Lease.Holder("node-8", 99, 1_700_000_000_000L, 60, "t2", null));
        Files.setLastModifiedTime(dead, FileTime.from(Instant.now().minusSeconds(120)));
        write(sweep.run("bbbbbbbbbbbb").dir(), "spec.yaml", "name: shared\ntrain:\n  epochs: 5\n");
        write(sweep.run("bbbbbbbbbbbb").dir(), "epochs.csv", "epoch,train_loss\n1,0.5\n2,0.4\n");
        // lr=0.3: killed before its first epoch ended.
        write(sweep.run("cccccccccccc").dir(), "spec.yaml", "name: shared\ntrain:\n  epochs: 5\n");
        // lr=0.4: stopped by SIGTERM after three epochs; its summary says interrupted.
        write(sweep.run("dddddddddddd").dir(), "spec.yaml", "name: shared\ntrain:\n  epochs: 5\n");
        write(sweep.run("dddddddddddd").dir(), "epochs.csv", "epoch,train_loss\n1,0.5\n2,0.4\n3,0.3\n");
        write(sweep.run("dddddddddddd").dir(), "summary.json", "{\"name\": \"shared\", \"run_id\": \"dddddddddddd\", "
                + "\"status\": \"interrupted\", \"epochs_completed\": 3, \"iterations\": 30, \"wall_seconds\": 1, "
                + "\"train_seconds\": 1, \"images_per_second\": 1}\n");

        CliResult status = djlab("status", sweep.dir().toString());

        assertEquals(0, status.exitCode(), status::toString);
        List<String> lines = status.out().lines().map(String::trim).map(l -> l.replaceAll("\\s+", " ")).toList();
        assertEquals(5, lines.size(), status::toString);
        assertEquals("shared: 4 runs: 0 done 0 failed 1 running 3 interrupted 0 pending", lines.get(0));
        // 7 s, or a little more on a slow machine
        assertTrue(lines.get(1).matches("running lr=0\\.1 aaaaaaaaaaaa host node-7 pid 4242, heartbeat ([7-9]|[1-5]\\d) s ago"),
                lines.get(1));
        assertEquals(List.of("interrupted lr=0.2 bbbbbbbbbbbb after epoch 2 of 5",
                "interrupted lr=0.3 cccccccccccc no epoch finished (of 5)",
                "interrupted lr=0.4 dddddddddddd after epoch 3 of 5"), lines.subList(2, 5));
    }
}
