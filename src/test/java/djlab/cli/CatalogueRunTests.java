package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.onlyRunDir;
import static djlab.TestSupport.read;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import djlab.results.RunFolder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue end to end through {@code djlab run}: tiny trainings on real MNIST (and on a fake CIFAR-10 and a
 * folder of PNGs written here) that use the catalogue's options and check what they leave in the run folder.
 */
class CatalogueRunTests {

    @TempDir
    Path dir;

    private CliResult run(String name, String yaml, String... more) {
        Path spec = write(dir, name + ".yaml", "name: " + name + "\n" + yaml);
        String[] args = new String[more.length + 2];
        args[0] = "run";
        args[1] = spec.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return djlab(withLocations(dir.resolve("results"), args));
    }

    private Path runDir(String name) {
        return onlyRunDir(dir.resolve("results"), name);
    }

    @Test
    void extraMetricsAreColumnsAfterTheStandardOnesAndSummaryFields() {
        CliResult result = run("extras", """
                seed: 3
                data:
                  validation: 0.1
                  limit: {train: 2000, test: 500}
                  normalize: {}
                  augment: {shift: 2, rotate: 10, zoom: 0.1}
                model: {type: mlp, hidden: [64], batchnorm: true}
                train:
                  epochs: 2
                  log_every: 5
                  optimizer: {type: sgd, lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1.0e-3,
                              weight_decay_exclude: [bias, batchnorm]}
                  loss: {type: weighted_cross_entropy, label_smoothing: 0.1}
                  clip: {value: 1.0, norm: 5.0}
                  metrics: {top_k: 3, per_class: true}
                """);
        assertEquals(0, result.exitCode(), result::toString);
        Path run = runDir("extras");

        Csv epochs = readCsv(run.resolve("epochs.csv"));
        assertEquals(RunFolder.EPOCH_COLUMNS, epochs.header().subList(0, RunFolder.EPOCH_COLUMNS.size()));
        List<String> extra = epochs.header().subList(RunFolder.EPOCH_COLUMNS.size(), epochs.header().size());
        assertEquals("validate_top3_accuracy", extra.get(0));
        assertEquals("test_top3_accuracy", extra.get(1));
        assertEquals("test_class_0_accuracy", extra.get(2));
        assertEquals("test_class_9_accuracy", extra.get(11));
        for (int e = 0; e < 2; e++) {
            double top1 = epochs.numbers("test_accuracy").get(e);
            double top3 = epochs.numbers("test_top3_accuracy").get(e);
            assertTrue(top3 >= top1 && top3 <= 1, "top-3 " + top3 + " against top-1 " + top1);
        }
        assertTrue(epochs.numbers("test_accuracy").get(1) > 0.8, "it learns: " + epochs.numbers("test_accuracy"));

        JsonNode summary = readJson(run.resolve("summary.json"));
        assertEquals("completed", summary.path("status").asText());
        assertTrue(summary.at("/metrics/test_top3_accuracy/last").asDouble() > 0.9, summary::toString);
        JsonNode perClass = summary.at("/per_class_accuracy/test");
        assertEquals(10, perClass.size(), summary::toString);
        assertTrue(perClass.path("0").asDouble() > 0.5, summary::toString);
        assertEquals(epochs.numbers("test_class_7_accuracy").get(1), perClass.path("7").asDouble(), 1e-6);
        String spec = read(run.resolve("spec.yaml"));
        assertTrue(spec.contains("mean:") && spec.contains("0.1307"), spec);
    }

    @Test
    void earlyStoppingStopsSaysWhyAndRestoresTheBestEpoch() {
        // A min_delta no loss can beat: the first epoch is the best, the second does not improve, patience 1 stops.
        CliResult result = run("stops", """
                seed: 5
                data: {validation: 0.1, limit: {train: 1500, test: 500}}
                model: {type: mlp, hidden: [32]}
                train:
                  epochs: 6
                  optimizer: {type: sgd, lr: 0.1}
                  early_stopping: {metric: validate_loss, patience: 1, min_delta: 10, restore_best: true}
                """);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("; stopped early after epoch 2: validate_loss did not fall"), result::toString);
        Path run = runDir("stops");

        JsonNode summary = readJson(run.resolve("summary.json"));
        assertEquals("completed", summary.path("status").asText());
        assertEquals(2, summary.path("epochs_completed").asInt(), summary::toString);
        JsonNode stop = summary.path("early_stopping");
        assertTrue(stop.path("stopped").asBoolean(), summary::toString);
        assertEquals(2, stop.path("stopped_epoch").asInt());
        assertEquals(1, stop.path("best_epoch").asInt());
        assertTrue(stop.path("restored").asBoolean());
        assertTrue(stop.path("reason").asText().startsWith("validate_loss did not fall by more than 10.0 for 1 epochs"),
                stop::toString);

        // The saved network is the first epoch's: evaluate gives its test accuracy, not the second's.
        Csv epochs = readCsv(run.resolve("epochs.csv"));
        CliResult evaluated = djlab("evaluate", run.toString(), "--data-dir", dataRoot().toString());
        assertEquals(0, evaluated.exitCode(), evaluated::toString);
        assertTrue(evaluated.out().contains(String.format(Locale.ROOT, "accuracy %.4f", epochs.numbers("test_accuracy").get(0))),
                () -> evaluated.out() + " against " + epochs.numbers("test_accuracy"));
    }

    @Test
    void augmentedRunsAreReproducibleBySeed() throws IOException {
        String yaml = """
                seed: 11
                data:
                  validation: 0
                  limit: {train: 1000, test: 200}
                  augment: {shift: 2, rotate: 15, zoom: 0.1}
                model: {type: mlp, hidden: [32]}
                train: {epochs: 1, log_every: 2, optimizer: {type: adam, lr: 0.001}}
                """;
        assertEquals(0, run("aug", yaml).exitCode());
        String first = Files.readString(runDir("aug").resolve("iterations.csv"));
        assertEquals(0, run("aug", yaml, "--force").exitCode());
        assertEquals(first, Files.readString(runDir("aug").resolve("iterations.csv")));
    }

    @Test
    void ourOptimizersLearn() {
        for (String optimizer : List.of("{type: adagrad, lr: 0.05}", "{type: rmsprop, lr: 0.001}",
                "{type: adadelta, lr: 1.0}", "{type: sgd, lr: 0.05, momentum: 0.9, nesterov: true}")) {
            String name = "opt-" + optimizer.replaceAll("[^a-z]", "").substring(4, 11);
            CliResult result = run(name, """
                    data: {validation: 0, limit: {train: 2000, test: 300}}
                    model: {type: mlp, hidden: [64]}
                    train: {epochs: 1, batch_size: 50, optimizer: %s}
                    """.formatted(optimizer));
            assertEquals(0, result.exitCode(), result::toString);
            double accuracy = readJson(runDir(name).resolve("summary.json")).at("/metrics/test_accuracy/last").asDouble();
            // 40 updates: plenty for 75% when the updates are right (a bad one stays near 10-60%)
            assertTrue(accuracy > 0.75, optimizer + ": test accuracy " + accuracy);
        }
    }

    @Test
    void cifar10FromItsBinaryFilesTrainsAndEvaluates() throws IOException {
        Path cifar = dir.resolve("data/cifar10/cifar-10-batches-bin");
        Files.createDirectories(cifar);
        for (int b = 1; b <= 5; b++) Files.write(cifar.resolve("data_batch_" + b + ".bin"), cifarRecords(40, b));
        Files.write(cifar.resolve("test_batch.bin"), cifarRecords(30, 9));
        Path spec = write(dir, "cifar.yaml", """
                name: cifar
                data: {dataset: cifar10, validation: 20, normalize: {}, augment: {shift: 2, flip: horizontal}}
                model: {use: lenet5}
                train: {epochs: 1, batch_size: 50, optimizer: {type: adam, lr: 0.001}}
                """);
        CliResult result = djlab("run", spec.toString(), "--data-dir", dir.resolve("data").toString(),
                "--results", dir.resolve("results").toString());
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode summary = readJson(runDir("cifar").resolve("summary.json"));
        assertEquals("completed", summary.path("status").asText());
        // 5 x 40 training records, 20 held out: 180 in batches of 50
        assertEquals(4, summary.path("iterations").asInt(), summary::toString);
        // LeNet-5 on 3x32x32: conv 3->6 5x5 456, conv 6->16 2,416, dense 400->120 48,120, 120->84 10,164, 84->10 850
        assertEquals(62_006, summary.path("parameters").asLong());
        CliResult evaluated = djlab("evaluate", runDir("cifar").toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(0, evaluated.exitCode(), evaluated::toString);
        assertTrue(evaluated.out().contains("(30 records)"), evaluated::toString);
    }

    /** Records whose label is k % 10 and whose red plane is bright for even labels: something learnable. */
    private static byte[] cifarRecords(int count, int seed) {
        byte[] bytes = new byte[count * 3073];
        for (int r = 0; r < count; r++) {
            int label = (r + seed) % 10;
            bytes[r * 3073] = (byte) label;
            for (int p = 0; p < 3072; p++) bytes[r * 3073 + 1 + p] = (byte) ((p < 1024 ? label * 25 : 100) + (p * seed) % 7);
        }
        return bytes;
    }

    @Test
    void anImageFolderOfPngsTrainsWithItsClassNames() throws IOException {
        Path folder = dir.resolve("shapes");
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        String[] names = {"red", "green", "blue"};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 12; i++) {
                BufferedImage image = new BufferedImage(10 + i % 3, 10, BufferedImage.TYPE_INT_RGB);
                for (int x = 0; x < image.getWidth(); x++) {
                    for (int y = 0; y < 10; y++) image.setRGB(x, y, (x + y + i) % 4 == 0 ? Color.WHITE.getRGB() : colours[c].getRGB());
                }
                Path file = folder.resolve(names[c]).resolve(i + ".png");
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
            }
        }
        CliResult result = run("folder", """
                data:
                  dataset: image-folder
                  dir: %s
                  image: {channels: 3, height: 8, width: 8}
                  test_split: 0.25
                  validation: 0
                  normalize: {mean: [0.5], std: [0.5]}
                model: {type: mlp, hidden: [16]}
                train:
                  epochs: 3
                  batch_size: 9
                  optimizer: {type: adam, lr: 0.01}
                  metrics: {per_class: true}
                """.formatted(folder));
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode summary = readJson(runDir("folder").resolve("summary.json"));
        // 8x8x3 = 192 inputs: 192*16+16 + 16*3+3
        assertEquals(3_139, summary.path("parameters").asLong());
        JsonNode perClass = summary.at("/per_class_accuracy/test");
        assertEquals(List.of("blue", "green", "red"), List.copyOf(iterable(perClass)));
        assertTrue(summary.at("/metrics/test_accuracy/last").asDouble() > 0.6, summary::toString);
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
