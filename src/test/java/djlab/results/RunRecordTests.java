package djlab.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of run folders: the status rule for every state a folder can be in, and curves read back. */
class RunRecordTests {

    @TempDir
    Path dir;

    private RunFolder folder(String id) {
        return RunFolder.of(dir, "runs", id);
    }

    private static Summary ended(String status) {
        return new Summary("runs", "x", null, null, 1L, null, status, status.equals(Summary.COMPLETED) ? null : "why",
                1, 10, Map.of(Metrics.TEST_ACCURACY, new Summary.Metric(0.5, 0.6, 1)), 100L, 1, 1, 100, null, null,
                Map.of(), "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z");
    }

    @Test
    void theStatusOfAFolderInEachStateItCanBeIn() {
        assertEquals(Summary.PENDING, folder("none").record().status(), "no folder yet");

        RunFolder started = folder("started");
        started.writeSpec("name: runs\ntrain: {epochs: 3}\n");
        assertEquals(Summary.INTERRUPTED, started.record().status(), "a folder without summary nobody holds");
        assertEquals(3, started.record().epochsPlanned());

        for (String status : List.of(Summary.COMPLETED, Summary.FAILED, Summary.DIVERGED, Summary.PRUNED,
                Summary.INTERRUPTED)) {
            RunFolder f = folder(status);
            f.writeSummary(ended(status));
            assertEquals(status, f.record().status(), status);
            assertNull(f.record().summaryProblem());
        }

        RunFolder retried = folder("retried");
        retried.writeSummary(ended(Summary.FAILED));
        Lease lease = Lease.acquire(retried.dir().resolve(RunFolder.LOCK)).orElseThrow();
        try {
            assertEquals(Summary.RUNNING, retried.record().status(), "a failed run being tried again is running");
            assertTrue(retried.record().lease().orElseThrow().alive());
        } finally {
            lease.release();
        }
        assertEquals(Summary.FAILED, retried.record().status());

        RunFolder damaged = folder("damaged");
        TestSupport.write(damaged.dir(), RunFolder.SUMMARY, "{\"status\": \"compl");
        assertEquals(Summary.INTERRUPTED, damaged.record().status(), "a summary that does not parse is no summary");
        assertEquals(RunFolder.SUMMARY + " is not valid JSON", damaged.record().summaryProblem());
        assertTrue(damaged.record().summaryTree().isMissingNode());
    }

    @Test
    void curvesReadBackAsTextAndNumbersAndACutOffRowIsPadded() {
        Path run = dir.resolve("curves");
        TestSupport.write(run, RunFolder.EPOCHS, "epoch,validate_accuracy,test_accuracy\n1,,0.5\n2,0.7,x\n3\n");
        RunRecord record = RunRecord.of(run);

        CurveTable epochs = record.epochs();
        assertEquals(List.of("epoch", Metrics.VALIDATE_ACCURACY, Metrics.TEST_ACCURACY), epochs.columns());
        assertEquals(3, epochs.size());
        assertEquals(3, record.epochsRecorded());
        assertArrayEquals(new double[] {0.5, Double.NaN, Double.NaN}, epochs.numbers(Metrics.TEST_ACCURACY));
        assertArrayEquals(new double[] {Double.NaN, 0.7, Double.NaN}, epochs.numbers(Metrics.VALIDATE_ACCURACY));
        assertEquals("", epochs.text(2, Metrics.TEST_ACCURACY));
        assertEquals(3, epochs.numbers("no_such_column").length);
        assertEquals(CurveTable.EMPTY, record.iterations(), "not written yet");
    }
}
