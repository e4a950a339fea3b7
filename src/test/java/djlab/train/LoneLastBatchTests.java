package djlab.train;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.onlyRunDir;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch norm cannot train on a batch of one record. On real MNIST, 2001 training records in batches of 100 leave one
 * record over: with batch norm it joins the batch before it; without, the batches are as they always were.
 */
class LoneLastBatchTests {

    static final String SPEC = """
            name: lone
            data: {validation: 0, limit: {train: 2001, test: 200}}
            model: {type: mlp, hidden: [16]}
            train: {epochs: 1, batch_size: 100, log_every: 5}
            """;

    @TempDir
    Path dir;

    private JsonNode run(String batchnorm) {
        Path spec = write(dir, "lone.yaml", SPEC);
        Path results = dir.resolve("results-" + batchnorm);
        CliResult result = djlab(withLocations(results, "run", spec.toString(), "--set", "model.batchnorm=" + batchnorm));
        assertEquals(0, result.exitCode(), result::toString);
        return readJson(onlyRunDir(results, "lone").resolve("summary.json"));
    }

    @Test
    void withBatchNormTheLoneLastRecordJoinsTheBatchBeforeIt() {
        JsonNode summary = run("true");

        assertEquals("completed", summary.get("status").asText(), summary::toString);
        assertEquals(20, summary.get("iterations").asInt());
    }

    @Test
    void withoutBatchNormTheBatchesAreUnchanged() {
        JsonNode summary = run("false");

        assertEquals("completed", summary.get("status").asText(), summary::toString);
        assertEquals(21, summary.get("iterations").asInt());
    }

    @Test
    void aBatchLargerThanTheTrainingSetTrainsOnTheWholeSetInOneStep() {
        Path spec = write(dir, "lone.yaml", SPEC);
        Path results = dir.resolve("results");
        CliResult result = djlab(withLocations(results, "run", spec.toString(), "--set", "train.batch_size=50000",
                "--set", "train.log_every=1"));

        assertEquals(0, result.exitCode(), result::toString);
        Path run = onlyRunDir(results, "lone");
        assertEquals(1, readJson(run.resolve("summary.json")).get("iterations").asInt());
        // The resolved spec keeps the batch size given: the run id does not change.
        assertEquals(50000, djlab.spec.SpecFiles.load(run.resolve("spec.yaml"), java.util.List.of()).train().batchSize());
    }
}
