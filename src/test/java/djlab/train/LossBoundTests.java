package djlab.train;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.onlyRunDir;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finite loss far above where training started is divergence, not a result: on real MNIST a learning rate of 1000
 * sends the loss to about 1e9 within five batches while the run, judged on NaN alone, ended "completed".
 */
class LossBoundTests {

    @TempDir
    Path dir;

    @Test
    void aLossMillionsOfTimesTheFirstBatchsIsDiverged() {
        Path spec = write(dir, "wild.yaml", """
                name: wild
                data: {validation: 0, limit: {train: 2000, test: 100}}
                model: {type: mlp, hidden: [32]}
                train: {epochs: 2, batch_size: 100, log_every: 5, optimizer: {type: sgd, lr: 1000}}
                """);
        Path results = dir.resolve("results");

        CliResult result = djlab(withLocations(results, "run", spec.toString()));

        assertEquals(1, result.exitCode(), result::toString);
        JsonNode summary = readJson(onlyRunDir(results, "wild").resolve("summary.json"));
        assertEquals("diverged", summary.get("status").asText(), summary::toString);
        assertTrue(summary.get("error").asText().matches("the training loss reached \\S+ at iteration \\d+ \\(epoch \\d+\\), "
                + "over 1000000 times its first batch's loss \\S+"), summary::toString);
    }

    @Test
    void anOrdinaryRunIsNotTouchedByTheBound() {
        Path spec = write(dir, "calm.yaml", """
                name: calm
                data: {validation: 0, limit: {train: 1000, test: 100}}
                model: {type: mlp, hidden: [32]}
                train: {epochs: 1, batch_size: 100, log_every: 1, optimizer: {type: sgd, lr: 0.1}}
                """);
        Path results = dir.resolve("results");

        CliResult result = djlab(withLocations(results, "run", spec.toString()));

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("completed", readJson(onlyRunDir(results, "calm").resolve("summary.json")).get("status").asText());
    }
}
