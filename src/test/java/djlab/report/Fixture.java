package djlab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-made run folders with known numbers, laid out as {@code djlab run} and {@code djlab sweep} write them (spec.yaml,
 * epochs.csv, iterations.csv, summary.json with the sweep's label, variant, seed and values), without parameters.
 */
final class Fixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The numbers one run's summary reports. */
    record Run(String variant, Map<String, Object> values, long seed, String status, double finalAccuracy,
            double bestAccuracy, double testLoss, Integer convergence, double wallSeconds, long parameters) {

        static Run completed(String variant, Map<String, Object> values, long seed, double finalAccuracy) {
            return new Run(variant, values, seed, "completed", finalAccuracy, finalAccuracy + 0.001,
                    1 - finalAccuracy, 300, 10 + seed, 101_770);
        }
    }

    private Fixture() {}

    /** Writes one run folder under {@code sweep} named after its variant and seed; returns the folder. */
    static Path write(Path sweep, Run run) {
        String label = run.variant() + ",seed=" + run.seed();
        Path dir = sweep.resolve(label.replaceAll("[^A-Za-z0-9]", "_"));
        boolean batchnorm = Boolean.TRUE.equals(run.values().get("model.batchnorm"));
        Object lr = run.values().getOrDefault("train.optimizer.lr", 0.1);
        write(dir.resolve("spec.yaml"), """
                name: fixture-sweep
                description: hand-made results
                seed: %d
                data:
                  dataset: mnist
                  validation: 0.1
                  limit:
                    train: 1000
                model:
                  type: mlp
                  hidden:
                  - 128
                  activation: relu
                  batchnorm: %s
                train:
                  epochs: 3
                  batch_size: 100
                  optimizer:
                    type: sgd
                    lr: %s
                  log_every: 5
                """.formatted(run.seed(), batchnorm, lr));
        StringBuilder epochs = new StringBuilder("epoch,train_loss,train_accuracy,validate_loss,validate_accuracy,"
                + "test_loss,test_accuracy,epoch_seconds,elapsed_seconds\n");
        StringBuilder iterations = new StringBuilder("iteration,epoch,lr,train_loss,train_accuracy\n");
        for (int e = 1; e <= 3; e++) {
            double acc = run.finalAccuracy() - (3 - e) * 0.02;
            epochs.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,1.0,%.1f%n", e, 1.2 - acc,
                    acc - 0.01, 1.1 - acc, acc + 0.002, run.testLoss() + (3 - e) * 0.05, acc, e * 1.0));
            for (int i = 1; i <= 2; i++) {
                int iteration = (e - 1) * 10 + i * 5;
                iterations.append(String.format(Locale.ROOT, "%d,%d,%s,%.4f,%.4f%n", iteration, e, lr,
                        1.5 / iteration, acc - 0.05 / i));
            }
        }
        write(dir.resolve("epochs.csv"), epochs.toString());
        write(dir.resolve("iterations.csv"), iterations.toString());
        ObjectNode summary = JSON.createObjectNode();
        summary.put("name", "fixture-sweep").put("run_id", dir.getFileName().toString()).put("label", label)
                .put("variant", run.variant()).put("seed", run.seed());
        summary.set("values", JSON.valueToTree(run.values()));
        summary.put("status", run.status()).put("epochs_completed", 3).put("iterations", 30);
        ObjectNode metrics = summary.putObject("metrics");
        metrics.putObject("test_accuracy").put("last", run.finalAccuracy()).put("best", run.bestAccuracy())
                .put("best_epoch", 3);
        metrics.putObject("test_loss").put("last", run.testLoss()).put("best", run.testLoss()).put("best_epoch", 3);
        metrics.putObject("validate_accuracy").put("last", run.finalAccuracy() + 0.002)
                .put("best", run.finalAccuracy() + 0.002).put("best_epoch", 3);
        summary.put("parameters", run.parameters()).put("wall_seconds", run.wallSeconds());
        if (run.convergence() != null) summary.put("convergence_iteration", run.convergence());
        summary.put("convergence_metric", "validate_accuracy");
        summary.putObject("environment").put("java", "17").put("djl", "0.35.1").put("device", "cpu()")
                .put("intra_op_threads", "1").put("cpu_cores", 2).put("os", "Linux 6.1 amd64");
        if (!run.status().equals("completed")) summary.put("error", "the training loss became NaN at iteration 12");
        write(dir.resolve("summary.json"), summary.toPrettyString());
        return dir;
    }

    static Path writeAndReturn(Path file, String text) {
        write(file, text);
        return file;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
