package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import djlab.TestSupport.CliResult;
import djlab.bench.Bench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void roundsPoolEveryEpochOfEveryRoundWithThePyTorchReference(@TempDir Path dir) throws Exception {
        // A stand-in for the reference script: the output line of bench_torch.py, a different rate each call.
        Path script = dir.resolve("reference.sh");
        Files.writeString(script, """
                n=$(cat "$0.calls" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$0.calls"
                echo "peer=pytorch model=$1 imgs_per_s=${n}000.0 test_acc=0.8000 epoch_imgs_per_s=${n}000.0,${n}000.0 threads=2"
                """);
        CliResult result = djlab("bench", "--models", "mlp", "--epochs", "2", "--rounds", "2", "--json", "--data-dir",
                dataRoot().toString(), "--set", "data.limit.train=2560", "--set", "data.limit.test=500",
                "--pytorch", script.toString(), "--python", "bash");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode mlp = JSON.readTree(result.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(2, mlp.get("rounds").asInt());
        assertEquals(4, mlp.get("djlab_epoch_imgs_per_s").size());
        assertEquals(4, mlp.get("raw_epoch_imgs_per_s").size());
        assertEquals(List.of(1000, 1000, 2000, 2000),
                JSON.convertValue(mlp.get("pytorch_epoch_imgs_per_s"), new TypeReference<List<Integer>>() {}));
        assertEquals(1500, mlp.get("pytorch_imgs_per_s").asDouble(), 0.0, "the median over both rounds");
        assertEquals(mlp.get("djlab_imgs_per_s").asDouble() / 1500, mlp.get("ratio_to_pytorch").asDouble(), 0.002);
    }

    @Test
    void aFailingReferenceScriptIsOneErrorLine(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("broken.sh");
        Files.writeString(script, "echo 'no module named torch' >&2; exit 1\n");
        CliResult result = djlab("bench", "--models", "mlp", "--epochs", "1", "--data-dir", dataRoot().toString(),
                "--set", "data.limit.train=1280", "--set", "data.limit.test=500", "--pytorch", script.toString(),
                "--python", "bash");

        assertTrue(result.exitCode() != 0, result.out());
        assertTrue(result.err().contains("the PyTorch reference failed") && result.err().contains("no module named torch"),
                result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }

    @Test
    void stepComparisonTimesBothStepsOnTheSameBatches() throws Exception {
        CliResult result = djlab("bench", "--step-comparison", "--pairs", "3", "--models", "mlp", "--json",
                "--data-dir", dataRoot().toString(), "--set", "data.limit.train=1280", "--set", "data.limit.test=500");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode mlp = JSON.readTree(result.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(3, mlp.get("pairs").asInt());
        for (String field : List.of("djl_batch_us", "djlab_batch_us", "djl_step_us", "djlab_step_us", "djl_loss_us",
                "djlab_loss_us", "djl_over_djlab")) {
            assertTrue(mlp.get(field).asDouble() > 0, field + " in " + mlp);
        }
        assertTrue(mlp.get("djl_step_us").asDouble() < mlp.get("djl_batch_us").asDouble(), mlp.toString());
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
                ratioToPytorch == null ? null : 1000 / ratioToPytorch, ratioToPytorch, 0.85, "2", List.of(), List.of(), 1,
                null);
    }
}
