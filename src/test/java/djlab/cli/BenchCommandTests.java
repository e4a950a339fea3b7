package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import djlab.TestSupport.CliResult;
import djlab.bench.Bench;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code djlab bench} on a slice of the real Fashion-MNIST: its figures, its targets and its errors. */
class BenchCommandTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonGivesTheFiguresOfEachModel() throws Exception {
        CliResult result = djlab("bench", "--models", "mlp", "--epochs", "2", "--json", "--data-dir",
                dataRoot().toString(), "--set", "data.limit.train=2560", "--set", "data.limit.test=500");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode mlp = JSON.readTree(result.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals("mlp", mlp.get("model").asText());
        for (String field : List.of("djlab_imgs_per_s", "raw_imgs_per_s", "ratio_to_raw", "peak_rss_mb")) {
            assertTrue(mlp.get(field).asDouble() > 0, field + " in " + mlp);
        }
        assertEquals(mlp.get("djlab_imgs_per_s").asDouble() / mlp.get("raw_imgs_per_s").asDouble(),
                mlp.get("ratio_to_raw").asDouble(), 0.002);
        assertTrue(mlp.get("test_accuracy").asDouble() > 0.6, "an MLP learns Fashion-MNIST: " + mlp);
        assertEquals(2, mlp.get("djlab_epoch_imgs_per_s").size());
        assertEquals(2, mlp.get("raw_epoch_imgs_per_s").size());
        assertTrue(mlp.get("targets_missed").isArray());
    }

    @Test
    void aModelBelowItsTargetsSaysWhichItMisses() {
        Bench.Result slowLeNet = result("lenet", 0.90, 0.97);
        Bench.Result fineMlp = result("mlp", 0.96, 0.85);

        assertEquals(List.of("djlab/raw < 0.95", "djlab/pytorch < 1.0"), Bench.missed(slowLeNet));
        assertEquals(List.of(), Bench.missed(fineMlp));
        assertEquals(List.of("djlab/raw < 0.95"), Bench.missed(result("cnnbn", 0.94, null)));
    }

    @Test
    void sweepMemoryPrintsTheGrowthFromTheSecondRun() {
        CliResult result = djlab("bench", "--sweep-memory", "--runs", "3", "--data-dir", dataRoot().toString(),
                "--set", "data.limit.train=1000", "--set", "data.limit.test=200");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("run  3: completed"), result.out());
        assertTrue(result.out().contains("resident memory from run 2 to run 3"), result.out());
    }

    @Test
    void anUnknownModelIsABadInput() {
        CliResult result = djlab("bench", "--models", "resnet", "--data-dir", dataRoot().toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("--models") && result.err().contains("resnet"), result.err());
    }

    @Test
    void aBadSetIsOneErrorLineBeforeAnyFigures() {
        CliResult result = djlab("bench", "--models", "mlp", "--set", "train.epochz=3", "--data-dir", dataRoot().toString());

        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertTrue(result.err().contains("train.epochz") && result.err().contains("experiments/bench/mlp.yaml"), result.err());
    }

    private static Bench.Result result(String model, double ratioToRaw, Double ratioToPytorch) {
        return new Bench.Result(model, 1000, 1000 / ratioToRaw, ratioToRaw, 0.85, 500,
                ratioToPytorch == null ? null : 1000 / ratioToPytorch, ratioToPytorch, 0.85, "2", List.of(), List.of());
    }
}
