package djlab.model;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.spec;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import djlab.TestSupport.CliResult;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A network's size worked out from shapes alone, before anything is allocated: it must agree with the built
 * network, and planning must refuse what cannot fit in memory, fast and before a run folder exists.
 */
class FootprintTests {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "model: {type: mlp, hidden: [128, 64], batchnorm: true}",
        "model: {type: cnn, batchnorm: true}",
        "model: {type: lenet}",
        "model: {use: resnet18}",
        "model: {use: resnet-mini}",
        "model: {use: cnn2}",
        "model: {use: mlp-784-128-64-nobias-bn}",
        "model: {layers: [{type: separable_conv2d, channels: 16, kernel: 3, activation: relu}, "
                + "{type: residual, layers: [{type: conv2d, channels: 32, kernel: 3, padding: 1}, {type: batchnorm}]}, "
                + "{type: residual, shortcut: projection, layers: [{type: conv2d, channels: 32, kernel: 3, padding: 1, bias: false}]}, "
                + "{type: global_avgpool}, {type: dense, units: 20, bias: false}]}",
        "model: {layers: [{type: branches, join: concat, branches: [{name: top, region: top, layers: [{type: flatten}, "
                + "{type: dense, units: 16}]}, {region: bottom, share: top}, {layers: [{type: conv2d, channels: 4, kernel: 3}, "
                + "{type: flatten}]}]}, {type: dense, units: 8}]}",
    })
    void theCountFromShapesIsTheBuiltNetworksCount(String yaml) {
        ExperimentSpec spec = spec(yaml);
        Shape input = new Shape(1, 1, 28, 28);
        List<Networks.Layer> layers = Networks.layers("test.yaml", spec.model(), input, 10);

        Footprint footprint = Footprint.of(layers);

        try (NDManager manager = NDManager.newBaseManager()) {
            Architecture built = Architecture.of(Networks.block(spec.model(), layers), layers, input, manager);
            assertEquals(built.parameters(), footprint.parameters());
            for (int i = 0; i < built.rows().size(); i++) {
                assertEquals(built.rows().get(i).parameters(), footprint.rows().get(i).parameters(), "layer " + (i + 1));
                assertArrayEquals(built.rows().get(i).output().slice(1).getShape(), footprint.rows().get(i).output(),
                        "layer " + (i + 1));
            }
        }
    }

    @Test
    void theEstimateCountsParametersGradientsOptimizerStateAndTheBatchsActivations() {
        ExperimentSpec spec = spec("model: {type: mlp, hidden: [100]}\ntrain: {optimizer: {type: adam}}");
        Footprint footprint = Footprint.of(Networks.layers("t", spec.model(), new Shape(1, 1, 28, 28), 10));

        // flatten 784, dense 100, relu 100, dense 10
        assertEquals(784 * 100 + 100 + 100 * 10 + 10, footprint.parameters());
        assertEquals(784 + 100 + 100 + 10, footprint.activations());
        // adam: weights, gradients and two moments, 4 bytes each; activations and their gradients.
        assertEquals(footprint.parameters() * 16 + 50L * 994 * 8, footprint.trainingBytes(50, spec.train().optimizer()));
    }

    @Test
    void aNetworkThatCannotFitIsOneLineNamingTheEstimate() {
        ExperimentSpec spec = spec("model: {type: mlp, hidden: [100]}");
        Footprint footprint = Footprint.of(Networks.layers("t", spec.model(), new Shape(1, 1, 28, 28), 10));

        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> footprint.check("t.yaml", 10, spec.train().optimizer(), 100_000));

        assertEquals("t.yaml: model: expected a network and batch that fit in the 97.7 KiB of memory available, got "
                + "an estimated 698.8 KiB: 79,510 parameters (621.2 KiB with gradients and optimizer state) and 77.7 KiB "
                + "of activations for a batch of 10", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "model.hidden=[100000000]                                        | model",
        "model={layers: [{type: conv2d, channels: 65536, kernel: 3}]}     | train.batch_size",
        "train.batch_size=1000000000                                     | train.batch_size",
    })
    void validateRunAndDryRunRefuseWhatCannotFitBeforeAnyFolderIsMade(String set, String field) {
        Path results = dir.resolve("results");
        Path spec = write(dir, "big.yaml", "name: big\ndata: {validation: 0}\n");
        Path sweep = write(dir, "sweep.yaml", "name: bigs\ndata: {validation: 0}\nsweep: {seeds: [1, 2]}\n");
        for (String[] args : List.of(
                new String[] {"validate", spec.toString(), "--set", set, "--results", results.toString()},
                new String[] {"run", spec.toString(), "--set", set, "--results", results.toString()},
                new String[] {"sweep", sweep.toString(), "--dry-run", "--set", set, "--results", results.toString()})) {
            long start = System.nanoTime();
            CliResult result = djlab(args);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(2, result.exitCode(), result::toString);
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().contains(field + ": expected a network and batch that fit in the "), result::toString);
            // Generous: refusing is arithmetic; allocating these would take minutes or fail in the engine.
            assertTrue(seconds < 30, "took " + seconds + " s");
        }
        assertFalse(Files.exists(results), "nothing may be written");
    }

    @Test
    void validatePrintsALargeNetworkFromItsShapesWithoutBuildingIt() {
        // 795 million parameters: building them took 40 s and 3.3 GB.
        Path spec = write(dir, "wide.yaml", "name: wide\nmodel: {type: mlp, hidden: [1000000]}\n");

        CliResult result = djlab("validate", spec.toString(), "--results", dir.resolve("results").toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("# architecture (counted from the shapes, not built: over 100 million "
                + "parameters)"), result::toString);
        assertTrue(result.out().contains("total trainable parameters: 795,000,010"), result::toString);
        assertTrue(result.out().contains("# memory: about "), result::toString);
    }

    @Test
    void aGpuTheEngineDoesNotSeeIsRefusedWhenPlanning() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        Path spec = write(dir, "s.yaml", "name: s\n");
        Path sweep = write(dir, "sweep.yaml", "name: sw\nsweep: {seeds: [1, 2]}\n");
        Path results = dir.resolve("results");

        for (String[] args : List.of(
                new String[] {"validate", spec.toString(), "--set", "train.device=gpu", "--results", results.toString()},
                new String[] {"sweep", sweep.toString(), "--dry-run", "--set", "train.device=gpu", "--results",
                    results.toString()})) {
            CliResult result = djlab(args);
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains("train.device: expected a CUDA GPU with index 0, the engine sees 0"),
                    result::toString);
        }
        assertFalse(Files.exists(results));
    }
}
