package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.startDjlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep --retries N}: a run that fails with an error is tried up to N more times and its summary counts the
 * attempts and keeps their errors; a run that diverged, or bad input, is not tried again.
 */
class RetriesTests {

    static final String SPEC = """
            name: retried
            data: {validation: 0, limit: {train: 500, test: 100}}
            model: {type: mlp, hidden: [32]}
            train: {epochs: 1, batch_size: 50, log_every: 1}
            sweep:
              seeds: [1]
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aRunFailingWithAnErrorIsTriedAgainAndItsAttemptsAreRecorded() throws Exception {
        Path spec = write(dir, "retried.yaml", SPEC);
        Path results = dir.resolve("results");
        Path log = dir.resolve("child.log");
        // Every attempt in a 40 MB heap fails (the data does not fit): three attempts with --retries 2.
        Process child = startDjlab(log, List.of("-Xmx40m"),
                "sweep", spec.toString(), "--retries", "2", "--results", results.toString(),
                "--data-dir", dataRoot().toString());
        assertTrue(child.waitFor(3, TimeUnit.MINUTES));
        String said = Files.readString(log);
        assertEquals(1, child.exitValue(), said);
        assertTrue(said.contains("  seed=1: trying again (attempt 2 of 3)\n"), said);
        assertTrue(said.contains("  seed=1: trying again (attempt 3 of 3)\n"), said);
        assertFalse(said.contains("attempt 4"), said);
        assertTrue(said.contains("retried: 0 completed, 0 skipped (done before), 1 failed"), said);
        Path run = results.resolve("retried").resolve(readCsv(results.resolve("retried").resolve("summary.csv")).column("run_id").get(0));
        JsonNode summary = readJson(run.resolve("summary.json"));
        assertEquals("failed", summary.path("status").asText());
        assertEquals(3, summary.path("attempts").asInt(), summary.toString());
        assertEquals(List.of("failed: OutOfMemoryError: Java heap space", "failed: OutOfMemoryError: Java heap space"),
                errors(summary));

        // With room to work the next attempt completes, and says it came after three that failed.
        CliResult again = djlab(withLocations(results, "sweep", spec.toString()));
        assertEquals(0, again.exitCode(), again::toString);
        summary = readJson(run.resolve("summary.json"));
        assertEquals("completed", summary.path("status").asText());
        assertEquals(4, summary.path("attempts").asInt());
        assertEquals(3, errors(summary).size());
    }

    @Test
    void aDivergedRunIsNotTriedAgain() {
        Path spec = write(dir, "retried.yaml", SPEC);

        CliResult r = djlab(withLocations(dir.resolve("results"), "sweep", spec.toString(), "--retries", "2",
                "--set", "train.optimizer.lr=1e10"));

        assertEquals(1, r.exitCode(), r::toString);
        assertFalse(r.out().contains("trying again"), r::toString);
        Path sweep = dir.resolve("results").resolve("retried");
        JsonNode summary = readJson(sweep.resolve(readCsv(sweep.resolve("summary.csv")).column("run_id").get(0)).resolve("summary.json"));
        assertEquals("diverged", summary.path("status").asText());
        assertTrue(summary.path("attempts").isMissingNode(), "one attempt: " + summary);
    }

    @Test
    void badInputIsNotTriedAgain() throws Exception {
        Path spec = write(dir, "retried.yaml", SPEC);
        Path data = Files.createDirectories(dir.resolve("data/mnist"));
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.createSymbolicLink(data.resolve(name), dataRoot().resolve("mnist").resolve(name));
        }
        Files.write(data.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});

        CliResult r = djlab("sweep", spec.toString(), "--retries", "2", "--results", dir.resolve("results").toString(),
                "--data-dir", dir.resolve("data").toString());

        assertEquals(1, r.exitCode(), r::toString);
        assertFalse(r.out().contains("trying again"), r::toString);
        assertTrue(r.out().contains("retried: 0 completed, 0 skipped (done before), 1 failed"), r::toString);
    }

    @Test
    void aNegativeRetryCountIsBadInput() {
        Path spec = write(dir, "retried.yaml", SPEC);

        CliResult r = djlab(withLocations(dir.resolve("results"), "sweep", spec.toString(), "--retries", "-1"));

        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("error: --retries: expected an integer >= 0, got -1", r.err().strip());
    }

    private static List<String> errors(JsonNode summary) {
        List<String> errors = new java.util.ArrayList<>();
        summary.path("attempt_errors").forEach(e -> errors.add(e.asText()));
        return errors;
    }
}
