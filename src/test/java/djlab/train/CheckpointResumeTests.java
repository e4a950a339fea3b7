package djlab.train;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import djlab.results.RunCheckpoint;
import djlab.results.RunId;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run stopped (as by SIGTERM, at chosen batch boundaries: mid-epoch and at an epoch's last batch) and continued
 * from its checkpoint twice ends bit for bit where a run never stopped ends: the same parameters, the same rows of
 * iterations.csv and epochs.csv but for the timing columns; for every optimizer, schedules, batch norm, dropout,
 * augmentation, early stopping and the extra metrics.
 */
class CheckpointResumeTests {

    /** 450 training records in batches of 50: 9 batches an epoch, 27 in all. */
    static final String BASE = """
            name: resume
            data: {validation: 0.1, limit: {train: 500, test: 200}}
            model: {type: mlp, hidden: [32]}
            train: {epochs: 3, batch_size: 50, log_every: 2}
            """;

    /** Columns that measure time, which no two runs share. */
    static final List<String> TIMING = List.of("epoch_seconds", "elapsed_seconds");

    @TempDir
    Path dir;

    @AfterEach
    void forgetStops() {
        StopRequest.reset();
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("sgd-momentum-multistep", List.of("train.optimizer={type: sgd, lr: 0.1, momentum: 0.9, weight_decay: 0.001}",
                        "train.schedule={type: multistep, milestones: [5, 14], gamma: 0.5}")),
                Arguments.of("sgd-nesterov-cosine-warmup", List.of("train.optimizer={type: sgd, lr: 0.1, momentum: 0.9, nesterov: true}",
                        "train.schedule={type: cosine, warmup: 3}")),
                Arguments.of("adam", List.of("train.optimizer={type: adam, lr: 0.003, weight_decay: 0.0001}")),
                Arguments.of("adamw-masked-decay", List.of("train.optimizer={type: adamw, lr: 0.003, weight_decay: 0.01, weight_decay_exclude: [bias]}")),
                Arguments.of("adagrad", List.of("train.optimizer={type: adagrad, lr: 0.05}")),
                Arguments.of("rmsprop", List.of("train.optimizer={type: rmsprop, lr: 0.001, momentum: 0.5}")),
                Arguments.of("adadelta", List.of("train.optimizer={type: adadelta, lr: 1.0}")),
                Arguments.of("batchnorm-dropout-augment", List.of("model.batchnorm=true", "model.dropout=0.3",
                        "data.augment={shift: 2, rotate: 10, zoom: 0.1}", "train.optimizer={type: sgd, lr: 0.1, momentum: 0.9}",
                        "train.schedule={type: step, step: 1, gamma: 0.7, unit: epoch}")),
                Arguments.of("early-stopping-extras", List.of("train.early_stopping={metric: validate_accuracy, patience: 1, min_delta: 0.5}",
                        "train.epochs=4", "train.metrics={top_k: 3, per_class: true}")),
                Arguments.of("iteration-checkpoints", List.of("train.checkpoint={every: 4, unit: iteration}", "model.dropout=0.2")),
                // The stop after update 4 falls on an evaluation row, which must be written before the checkpoint.
                Arguments.of("eval-every-thresholds", List.of("train.eval_every=4", "train.iterations_to=[0.3, 0.6, 0.8]",
                        "model.batchnorm=true", "model.dropout=0.2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aStoppedAndContinuedRunEndsBitIdenticalToOneNeverStopped(String name, List<String> sets) throws IOException {
        Path spec = write(dir, "resume.yaml", BASE);
        Path straight = dir.resolve("straight");
        Path stopped = dir.resolve("stopped");
        String runId = RunId.of(SpecFiles.load(spec, sets));

        TestSupport.CliResult once = djlab(args(straight, spec, sets));
        assertEquals(0, once.exitCode(), once::toString);

        // Mid-epoch (after update 4 of 9), then at the last batch of epoch 2 (update 18): the stop waits for the end.
        Path run = stopped.resolve("resume").resolve(runId);
        StopRequest.requestAtIteration(4);
        TestSupport.CliResult first = djlab(args(stopped, spec, sets));
        assertEquals(143, first.exitCode(), first::toString);
        assertEquals("interrupted", readJson(run.resolve("summary.json")).path("status").asText());
        assertTrue(Files.exists(run.resolve(RunCheckpoint.FILE)));
        assertEquals(4, readCsv(run.resolve("iterations.csv")).rows().size() * 2, "rows up to the stop");
        StopRequest.reset();
        StopRequest.requestAtIteration(18);
        TestSupport.CliResult second = djlab(args(stopped, spec, sets));
        StopRequest.reset();
        TestSupport.CliResult last = djlab(args(stopped, spec, sets));
        assertEquals(0, last.exitCode(), first + "\n" + second + "\n" + last);

        Path done = straight.resolve("resume").resolve(runId);
        assertEquals(params(done), params(run));
        assertArrayEquals(Files.readAllBytes(done.resolve(params(done))), Files.readAllBytes(run.resolve(params(run))),
                "parameters bit for bit");
        assertEquals(Files.readString(done.resolve("iterations.csv")), Files.readString(run.resolve("iterations.csv")));
        assertEquals(withoutTiming(done.resolve("epochs.csv")), withoutTiming(run.resolve("epochs.csv")));
        assertEquals(readJson(done.resolve("summary.json")).path("metrics"), readJson(run.resolve("summary.json")).path("metrics"));
        assertEquals(readJson(done.resolve("summary.json")).path("early_stopping"),
                readJson(run.resolve("summary.json")).path("early_stopping"));
        assertEquals(readJson(done.resolve("summary.json")).path("iterations_to"),
                readJson(run.resolve("summary.json")).path("iterations_to"));
        assertEquals(0, readJson(done.resolve("summary.json")).path("resumed").asInt());
        int resumed = readJson(run.resolve("summary.json")).path("resumed").asInt();
        assertTrue(resumed >= 1 && resumed <= 2, "resumed " + resumed);
        assertFalse(Files.exists(run.resolve(RunCheckpoint.FILE)), "a completed run keeps no checkpoint");
    }

    static String[] args(Path results, Path spec, List<String> sets) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return withLocations(results, args.toArray(String[]::new));
    }

    static String params(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".params")).findFirst().orElseThrow();
        }
    }

    /** The rows of a curve without its timing columns. */
    static List<List<String>> withoutTiming(Path csv) {
        TestSupport.Csv curve = readCsv(csv);
        List<List<String>> rows = new ArrayList<>();
        rows.add(curve.header().stream().filter(c -> !TIMING.contains(c)).toList());
        for (List<String> row : curve.rows()) {
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) if (!TIMING.contains(curve.header().get(i))) kept.add(row.get(i));
            rows.add(kept);
        }
        return rows;
    }
}
