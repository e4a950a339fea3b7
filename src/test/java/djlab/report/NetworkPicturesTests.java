package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pictures from real trained networks: a tiny MLP (weights as 28x28 tiles) and a tiny LeNet (conv kernels), trained
 * for one short epoch on the real MNIST files, then reported; and the same report once the parameters are deleted.
 */
class NetworkPicturesTests {

    @TempDir
    Path root;

    @Test
    void picturesOfMlpAndLenetAndTheirAbsence() throws IOException {
        Path data = dataRoot();
        Path results = root.resolve("results");
        train(data, results, "tiny-mlp", "type: mlp\n  hidden: [32]");
        train(data, results, "tiny-lenet", "type: lenet");

        Reports.Written written = Reports.write(results, data);
        assertEquals(2, written.variants());
        String html = Files.readString(written.html());
        assertTrue(html.contains("first dense layer weights (first 32 of 32 units, 28x28)"), "MLP weights as tiles");
        assertTrue(html.contains("first conv layer kernels (6 x 1 of 5x5)"), "LeNet's six 5x5 kernels");
        assertTrue(html.contains("misclassified test images"));
        assertTrue(!html.contains("not available"), "every picture was made");
        Path pictures = written.pictures();
        for (String suffix : List.of("first-layer", "confusion", "misclassified", "per-class")) {
            for (String variant : List.of("variant-01", "variant-02")) {
                assertTrue(Files.size(pictures.resolve(variant + "-" + suffix + ".png")) > 500, variant + suffix);
            }
        }

        try (Stream<Path> files = Files.walk(results)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".params")).toList()) Files.delete(p);
        }
        written = Reports.write(results, data);
        html = Files.readString(written.html());
        assertTrue(html.contains("no saved parameters"), "says so in place of the pictures");
        assertTrue(html.contains("loss per epoch"), "and still draws the curves");
    }

    @Test
    void aReportFindsTheDataItsRunsReadWithoutBeingTold() throws IOException {
        Path data = dataRoot();
        Path results = root.resolve("results");
        train(data, results, "tiny-mlp", "type: mlp\n  hidden: [16]");
        Path summary;
        try (Stream<Path> files = Files.walk(results)) {
            summary = files.filter(p -> p.endsWith("summary.json")).findFirst().orElseThrow();
        }
        String recorded = data.resolve("mnist").toAbsolutePath().normalize().toString();
        assertTrue(Files.readString(summary).contains("\"data_dir\" : \"" + recorded + "\"")
                || Files.readString(summary).contains("\"data_dir\":\"" + recorded + "\""), Files.readString(summary));

        String html = Files.readString(Reports.write(results, null).html());
        assertTrue(!html.contains("not available"), "the confusion matrix and the rest from the recorded folder");
        assertTrue(html.contains("misclassified test images"));

        // The data moved since: the report says where the run read it and how to point it at the data.
        Files.writeString(summary, Files.readString(summary).replace(recorded, root.resolve("moved").resolve("mnist").toString()));
        if (System.getenv("DJLAB_DATA_DIR") == null) {
            html = Files.readString(Reports.write(results, null).html());
            assertTrue(html.contains("the run read it from " + root.resolve("moved").resolve("mnist")), html);
            assertTrue(html.contains("djlab report DIR --data-dir DATA (or set DJLAB_DATA_DIR)"), "how to fix it");
        }
        html = Files.readString(Reports.write(results, data).html());
        assertTrue(!html.contains("not available"), "--data-dir is the fallback");
    }

    private static void train(Path data, Path results, String name, String model) {
        Path spec = results.getParent().resolve(name + ".yaml");
        Fixture.write(spec, """
                name: %s
                seed: 3
                data: {dataset: mnist, validation: 0.1, limit: {train: 1000, test: 500}}
                model:
                  %s
                train: {epochs: 1, batch_size: 50, optimizer: {type: sgd, lr: 0.1}, log_every: 5}
                """.formatted(name, model));
        int exit = Main.commandLine().execute("run", spec.toString(), "--data-dir", data.toString(), "--results",
                results.toString());
        assertEquals(0, exit, "training " + name);
    }

    /** The real MNIST files, as the other tests find them; without them this test cannot say anything. */
    static Path dataRoot() {
        String env = System.getenv("DJLAB_DATA_DIR");
        Path root = (env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "data"))
                .toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(root.resolve("mnist")),
                "skipped: no MNIST files in " + root.resolve("mnist") + " (set DJLAB_DATA_DIR)");
        return root;
    }
}
