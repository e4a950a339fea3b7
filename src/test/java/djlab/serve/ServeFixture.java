package djlab.serve;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import djlab.TestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Results folders for the dashboard's tests: a small real sweep trained on MNIST (two variants, two seeds, two
 * epochs), and hand-made folders beside it: a run in progress, a run whose texts are HTML, a corrupt run.
 */
final class ServeFixture {

    static final String SWEEP = "serve-sweep";
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(2)>";

    private ServeFixture() {}

    private static Path trained;
    private static final java.util.Map<Path, djlab.results.Lease> LEASES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The small sweep in {@code results}, returns its folder. It is trained once per test JVM (a few seconds) and
     * copied for each test class, so every class has a folder of its own to add to.
     */
    static synchronized Path realSweep(Path results) {
        try {
            if (trained == null) {
                Path dir = Files.createTempDirectory("djlab-serve-fixture");
                trained = train(dir.resolve("results"));
            }
            Path target = results.resolve(SWEEP);
            try (Stream<Path> files = Files.walk(trained)) {
                for (Path p : files.toList()) {
                    Path to = target.resolve(trained.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to);
                    else Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path train(Path results) {
        Path spec = write(results.getParent(), "serve-sweep.yaml", """
                name: serve-sweep
                description: a tiny sweep for the dashboard's tests
                seed: 1
                data: {dataset: mnist, validation: 100, limit: {train: 600, test: 300}}
                model: {type: mlp, hidden: [32], activation: relu}
                train: {epochs: 2, batch_size: 50, optimizer: {type: sgd, lr: 0.1, momentum: 0.9}, log_every: 2}
                sweep:
                  grid: {model.batchnorm: [true, false]}
                  seeds: [1, 2]
                """);
        TestSupport.CliResult r = djlab(withLocations(results, "sweep", spec.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        return results.resolve(SWEEP);
    }

    static final String ADAPTIVE = "serve-adaptive";

    /** A tiny TPE sweep with ASHA pruning (6 trials of 2 epochs, judged after the first), trained into {@code results}. */
    static Path adaptiveSweep(Path results) {
        Path spec = write(results.getParent(), "serve-adaptive.yaml", """
                name: serve-adaptive
                seed: 2
                data: {dataset: mnist, validation: 100, limit: {train: 300, test: 100}}
                model: {type: mlp, hidden: [16]}
                train: {epochs: 2, batch_size: 50, optimizer: {type: sgd, lr: 0.1, momentum: 0.9}, log_every: 2}
                sweep:
                  search:
                    type: tpe
                    trials: 6
                    startup: 3
                    in_flight: 1
                    space:
                      train.optimizer.lr: {log_uniform: [0.0005, 1]}
                  prune: {type: asha, min_epochs: 1, eta: 2}
                """);
        TestSupport.CliResult r = djlab(withLocations(results, "sweep", spec.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        return results.resolve(ADAPTIVE);
    }

    /** The run folders of a sweep folder, by name. */
    static List<Path> runs(Path sweep) {
        try (Stream<Path> dirs = Files.list(sweep)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("summary.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A run in progress: a completed run's spec and first epoch, no summary, and a lock held by this process (as a
     * training process holds it, its lease renewed). Returns its folder.
     */
    static Path running(Path sweep, Path like) {
        Path dir = sweep.resolve("0000running0");
        try {
            Files.createDirectories(dir);
            // The lock first, as a training process takes it: a poll between the files and the lock saw an interrupted run.
            djlab.results.Lease.acquire(dir.resolve("run.lock")).ifPresent(lease -> LEASES.put(dir, lease));
            Files.copy(like.resolve("spec.yaml"), dir.resolve("spec.yaml"));
            List<String> epochs = Files.readAllLines(like.resolve("epochs.csv"));
            Files.writeString(dir.resolve("epochs.csv"), epochs.get(0) + "\n" + epochs.get(1) + "\n");
            List<String> iterations = Files.readAllLines(like.resolve("iterations.csv"));
            Files.writeString(dir.resolve("iterations.csv"), String.join("\n", iterations.subList(0, 3)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Appends one epoch's row to a running run's epochs.csv, as the training loop does. */
    static void appendEpoch(Path run, int epoch, double testAccuracy) {
        String row = String.format(java.util.Locale.ROOT, "%d,0.3,0.9,0.31,0.9,0.32,%s,1.0,%d.0%n", epoch, testAccuracy,
                epoch);
        try {
            Files.writeString(run.resolve("epochs.csv"), row, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run whose spec description and label are HTML, as a careless or hostile spec could have them. */
    static Path hostile(Path results) {
        Path dir = results.resolve("hostile").resolve("0000hostile0");
        write(dir, "spec.yaml", """
                name: hostile
                description: '%s'
                seed: 1
                model: {type: mlp, hidden: [8]}
                train: {epochs: 1}
                """.formatted(SCRIPT));
        write(dir, "epochs.csv", "epoch,train_loss,train_accuracy,validate_loss,validate_accuracy,test_loss,"
                + "test_accuracy,epoch_seconds,elapsed_seconds\n1,0.5,0.8,,,0.6,0.75,1.0,1.0\n");
        write(dir, "summary.json", """
                {"name": "hostile", "label": "%s", "variant": "%s", "seed": 1, "values": {"model.hidden": "%s"},
                 "status": "completed", "epochs_completed": 1, "iterations": 10,
                 "metrics": {"test_accuracy": {"last": 0.75, "best": 0.75, "best_epoch": 1}},
                 "environment": {"java": "%s"}}
                """.formatted(IMG, IMG, IMG, SCRIPT));
        return dir;
    }

    /** A run whose summary is cut off and whose epochs.csv holds garbage: shown as unreadable. */
    static Path corrupt(Path results) {
        Path dir = results.resolve("broken").resolve("0000broken00");
        write(dir, "spec.yaml", "name: broken\nseed: 1\ntrain: {epochs: 3}\n");
        write(dir, "epochs.csv", "epoch,train_loss,test_accuracy\n1,0.5\n\u0000\u0001garbage,x,y\n");
        write(dir, "summary.json", "{\"name\": \"broken\", \"status\": \"compl");
        return dir;
    }

    static void delete(Path dir) {
        djlab.results.Lease lease = LEASES.remove(dir);
        if (lease != null) lease.release();
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
