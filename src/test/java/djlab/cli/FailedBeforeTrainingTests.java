package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails after it was claimed but before it trained (here: the data does not fit a 40 MB Java heap, an
 * allocation failure while reading it) is recorded as failed with its error, in its summary.json and the sweep's
 * summary.csv, and status counts it as failed, not interrupted.
 */
class FailedBeforeTrainingTests {

    static final String SPEC = """
            name: starved
            data: {validation: 0, limit: {train: 500, test: 100}}
            model: {type: mlp, hidden: [32]}
            train: {epochs: 1, batch_size: 50, log_every: 1}
            sweep:
              seeds: [1, 2]
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anAllocationFailureBeforeTrainingIsRecordedAsFailed() throws Exception {
        Path spec = write(dir, "starved.yaml", SPEC);
        Path results = dir.resolve("results");
        Path log = dir.resolve("child.log");

        Process child = startDjlab(log, List.of("-Xmx40m"),
                "sweep", spec.toString(), "--results", results.toString(), "--data-dir", dataRoot().toString());
        assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        String said = Files.readString(log);

        assertEquals(1, child.exitValue(), said);
        assertTrue(said.contains("starved: 0 completed, 0 skipped (done before), 2 failed"), said);
        Path sweep = results.resolve("starved");
        Csv csv = readCsv(sweep.resolve("summary.csv"));
        assertEquals(List.of("failed", "failed"), csv.column("status"));
        assertEquals(List.of("OutOfMemoryError: Java heap space", "OutOfMemoryError: Java heap space"), csv.column("error"));
        for (String id : csv.column("run_id")) {
            JsonNode summary = readJson(sweep.resolve(id).resolve("summary.json"));
            assertEquals("failed", summary.path("status").asText());
            assertEquals("OutOfMemoryError: Java heap space", summary.path("error").asText());
            assertEquals(0, summary.path("epochs_completed").asInt());
            assertEquals(List.of("summary.json"), TestSupport.filesUnder(sweep.resolve(id)), "the lock let go");
        }
        CliResult status = djlab("status", sweep.toString());
        assertTrue(status.out().startsWith("starved: 2 runs: 0 done 2 failed 0 running 0 interrupted 0 pending"), status::toString);
    }
}
