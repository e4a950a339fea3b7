package djlab.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import djlab.data.HeadLabels;
import djlab.data.RawImages;
import djlab.data.ResidentDataset;
import djlab.data.Splits;
import djlab.model.Architecture;
import djlab.results.Checkpoint;
import djlab.results.RunCheckpoint;
import djlab.results.RunClaim;
import djlab.results.RunFolder;
import djlab.results.RunLabel;
import djlab.results.Summary;
import djlab.augment.AugmentedDataset;
import djlab.augment.RandomAffine;
import djlab.loss.Losses;
import djlab.spec.TrainSpec;
import ai.djl.training.DefaultTrainingConfig;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.spec.BadInputException;
import djlab.data.DataException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Trains one planned run with DJL's {@link Trainer} and records it: spec, curves, parameters, and the summary last.
 * Data and network problems surface before the run folder is touched; a failure during training is recorded in the
 * summary as {@code failed} or {@code diverged}.
 */
public final class Runner {

    /** How the run reports progress. */
    public record Display(boolean terminal, PrintStream out) {}

    /**
     * What happened: the summary written, or that a completed run was found and left alone ({@code skipped}), or that
     * another process is training the run ({@code elsewhere} says who; {@code summary} is null then).
     */
    public record Outcome(RunPlan plan, Summary summary, boolean skipped, String elsewhere) {
        public Outcome(RunPlan plan, Summary summary, boolean skipped) {
            this(plan, summary, skipped, null);
        }

        public boolean runningElsewhere() {
            return elsewhere != null;
        }
    }

    private static final Object SEEDING = new Object();

    private Runner() {}

    public static Outcome run(RunPlan plan, boolean force, Display display) {
        return run(plan, force, false, display);
    }

    /**
     * @param force train again even a completed run, from the start
     * @param restart throw away the checkpoint of an interrupted run, if any, and start over
     */
    public static Outcome run(RunPlan plan, boolean force, boolean restart, Display display) {
        return run(plan, force, restart, display, 0);
    }

    /**
     * As above; with {@code pauseAfterEpoch} > 0 training stops at the end of that epoch (if the run has more),
     * saves a checkpoint and records the run {@code interrupted}, to be continued by running it again: how an
     * adaptive sweep trains a trial rung by rung under the full run's id.
     */
    public static Outcome run(RunPlan plan, boolean force, boolean restart, Display display, int pauseAfterEpoch) {
        try (RunClaim claim = plan.folder().claim(force)) {
            return switch (claim.decision()) {
                case COMPLETED -> new Outcome(plan, claim.summary().orElseThrow(), true);
                case RUNNING_ELSEWHERE -> new Outcome(plan, null, false, claim.holder());
                case FRESH, RESUMABLE -> attempt(plan, claim, !force && !restart, display, pauseAfterEpoch);
            };
        } finally {
            NativeHeap.trim();
        }
    }

    /**
     * Trains the claimed run, from its checkpoint when an earlier attempt left a usable one and {@code continued}
     * allows it, else from the start. Bad input (data that cannot be read, a device that is not there) lets
     * the claim go and leaves nothing behind; any other failure before training (an allocation that fails, a full
     * disk) is recorded as {@code failed} with its error, so the run does not look interrupted.
     */
    private static Outcome attempt(RunPlan plan, RunClaim claim, boolean continued, Display display, int pauseAfterEpoch) {
        ExperimentSpec spec = plan.spec();
        RunFolder folder = plan.folder();
        String started = Instant.now().toString();
        long startNanos = System.nanoTime();
        // An earlier attempt that failed: this one is counted after it, with its error.
        Summary earlier = claim.summary().orElse(null);
        Device device = null;
        boolean begun = false;
        try {
            device = Devices.of(plan.specFile(), spec.train().device());
            try (NDManager manager = NDManager.newBaseManager(device)) {
                RawImages[] raw = plan.read(manager);
                try (Splits splits = Splits.of(plan.specFile(), plan.dataset(), raw, spec.data(), spec.seed(), manager)) {
                    begun = true;
                    Resume resume = continued && claim.decision() == RunClaim.Decision.RESUMABLE
                            ? Resume.find(plan, display.out()) : null;
                    if (resume == null) {
                        folder.clear();
                        folder.writeSpec(SpecFiles.toYaml(spec));
                    }
                    LeaseWatch lease = new LeaseWatch(claim);
                    Summary summary = train(plan, splits, device, display, lease, resume, pauseAfterEpoch).after(earlier);
                    lease.confirm();
                    folder.writeSummary(summary);
                    return new Outcome(plan, summary, false);
                }
            }
        } catch (LeaseWatch.Lost e) {
            // Another process took the run over: it is theirs now; write nothing.
            return new Outcome(plan, null, false, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            if (!begun && (e instanceof BadInputException || e instanceof DataException)) {
                claim.abandon();
                throw e;
            }
            if (claim.confirmLost()) return new Outcome(plan, null, false, "taken over by another process");
            Summary failed = Summary.failed(plan.spec().name(), plan.runId(), plan.label(), plan.spec().seed(),
                    e.getClass().getSimpleName() + ": " + e.getMessage(), (System.nanoTime() - startNanos) / 1e9,
                    device == null ? null : Environment.describe(device), started, Instant.now().toString())
                    .after(earlier);
            try {
                folder.writeSummary(failed);
            } catch (RuntimeException unrecorded) {
                e.addSuppressed(unrecorded);
                throw e;
            }
            return new Outcome(plan, failed, false);
        }
    }

    /** Trains and saves the parameters; returns the summary for the caller to write, last. */
    private static Summary train(RunPlan plan, Splits splits, Device device, Display display, LeaseWatch lease,
            Resume resume, int pauseAfterEpoch) {
        ExperimentSpec spec = plan.spec();
        Checkpointing.Attempts attempts = new Checkpointing.Attempts();
        attempts.started = Instant.now().toString();
        // A batch larger than the training set would only allocate for records that are not there.
        int batch = Math.max(1, Math.min(spec.train().batchSize(), splits.train().size()));
        ResidentDataset train = new ResidentDataset(splits.train(), batch, true, spec.seed(),
                plan.hasBatchNorm());
        ResidentDataset validate = splits.validate() == null ? null : new ResidentDataset(splits.validate(), 1000, false, 0);
        ResidentDataset test = new ResidentDataset(splits.test(), 1000, false, 0);
        // Several output heads: one label array per head in each batch, and the heads' accuracies as extra columns.
        int heads = plan.dataset().heads();
        List<String> parts = Heads.parts(plan.dataset().headNames());
        Dataset trainSet = heads > 1 ? new HeadLabels(train, heads, plan.classes()) : train;
        Dataset validateSet = validate == null || heads == 1 ? validate : new HeadLabels(validate, heads, plan.classes());
        Dataset testSet = heads > 1 ? new HeadLabels(test, heads, plan.classes()) : test;
        // Augmentation on the training batches only, drawn from the run's seed.
        RandomAffine augment = spec.data().augment() == null ? null : new RandomAffine(spec.data().augment(), spec.seed());
        if (augment != null) trainSet = new AugmentedDataset(trainSet, augment);
        ExtraMetrics extras = new ExtraMetrics(spec.train().metrics(), plan.classNames(), validate != null);
        int perEpoch = train.batches();
        int total = perEpoch * spec.train().epochs();
        Schedule schedule = new Schedule(spec.train().schedule(), spec.train().optimizer().lr(), perEpoch, total);

        RunFolder folder = plan.folder();
        String status = Summary.COMPLETED;
        String error = null;
        Long parameters = null;
        Integer evalEvery = spec.train().evalEvery();
        List<String> iterationColumns = evalEvery == null ? CurveRecorder.iterationColumns(parts)
                : concat(CurveRecorder.iterationColumns(parts), CurveRecorder.evaluationColumns(validate != null));
        List<String> epochColumns = concat(CurveRecorder.epochColumns(parts), extras.columns());
        TrainSpec.CheckpointSpec checkpointSpec = spec.train().checkpointOrDefault();
        RunCheckpoint checkpointFile = new RunCheckpoint(folder);
        try (Model model = Model.newInstance(spec.name(), device);
                RunFolder.Curve iterations = resume == null ? folder.iterations(iterationColumns)
                        : folder.iterationsFrom(iterationColumns, resume.iterationBytes());
                RunFolder.Curve epochs = resume == null ? folder.epochs(epochColumns)
                        : folder.epochsFrom(epochColumns, resume.epochBytes())) {
            model.setBlock(plan.block());
            CurveRecorder recorder = new CurveRecorder(iterations, epochs, schedule, spec.train().logEvery(), total,
                    validateSet, testSet).withParts(parts).withExtras(extras)
                    .withEvaluations(evalEvery == null ? 0 : evalEvery, spec.train().iterationsTo());
            String title = plan.label() == null ? spec.name() : plan.label().label();
            ProgressDisplay progress = new ProgressDisplay(recorder, title, spec.train().epochs(), perEpoch,
                    display.terminal(), display.out());
            DefaultTrainingConfig config = Training.config(spec.train().optimizer(), schedule,
                    Heads.loss(Losses.of(spec.train().lossOrDefault(), splits.trainLabels(), plan.classes()), heads))
                    .optDevices(new Device[] {device})
                    .addTrainingListeners(lease, recorder, progress);
            // Clipping hears of each batch between its backward pass and the step; early stopping after the recorder.
            if (spec.train().clip() != null) config.addTrainingListeners(new GradientClipping(spec.train().clip()));
            TrainSpec.EarlyStoppingSpec stop = spec.train().earlyStopping();
            EarlyStopping stopping = stop == null ? null
                    : new EarlyStopping(stop, recorder, EarlyStopping.metric(stop.metric(), extras));
            if (stopping != null) config.addTrainingListeners(stopping);
            // Last: a checkpoint at an epoch's end holds that epoch's rows and early-stopping verdict.
            Checkpointing checkpointing = new Checkpointing(checkpointFile, plan.runId(), checkpointSpec,
                    spec.train().epochs(), spec.seed(), Checkpointing.hasDropout(model.getBlock()), recorder, stopping,
                    extras, train, augment, iterations, epochs, attempts, config.getOptimizer(), lease);
            checkpointing.pauseAfter(pauseAfterEpoch);
            config.addTrainingListeners(checkpointing);
            try (Trainer trainer = OneDeviceTrainer.of(model, config)) {
                // The engine's generator is global: parallel runs must not interleave seeding and initialisation.
                synchronized (SEEDING) {
                    Engine.getInstance().setRandomSeed((int) (spec.seed() & 0x7fffffff));
                    trainer.initialize(plan.inputShape(batch));
                }
                parameters = Architecture.trainable(model.getBlock());
                if (resume != null) {
                    long begin = System.nanoTime();
                    checkpointing.restore(resume.checkpoint());
                    attempts.resumed++;
                    attempts.lostTrainSeconds += resume.lostSeconds();
                    // The count is saved at once: an attempt killed before its first checkpoint still counts.
                    checkpointing.save();
                    display.out().printf(java.util.Locale.ROOT, "resuming %s at iteration %d (epoch %d): checkpoint "
                            + "read in %.3f s, restored in %.3f s%n", folder.dir(), recorder.iteration(),
                            recorder.epoch(), resume.readSeconds(), (System.nanoTime() - begin) / 1e9);
                }
                try {
                    TrainingLoop.fit(trainer, spec.train().epochs(), trainSet, checkpointing);
                } catch (StopRequest.Interrupted e) {
                    status = Summary.INTERRUPTED;
                    error = e.getMessage();
                } catch (RunCheckpoint.WriteFailed e) {
                    status = Summary.FAILED;
                    error = e.getMessage();
                } catch (EarlyStopping.Stopped e) {
                    // Completed early: the summary says at which epoch and why.
                } catch (LeaseWatch.Lost e) {
                    throw e;
                } catch (DivergedException e) {
                    status = Summary.DIVERGED;
                    error = e.getMessage();
                } catch (RuntimeException | IOException | ai.djl.translate.TranslateException e) {
                    status = Summary.FAILED;
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                if (stopping != null && status.equals(Summary.COMPLETED)) stopping.restoreBest(trainer);
            }
            lease.confirm();
            if (status.equals(Summary.COMPLETED)) {
                model.setProperty("Epoch", String.valueOf(spec.train().epochs()));
                model.save(folder.dir(), RunFolder.MODEL);
            }
            // A completed or diverged run is not continued; a failed or interrupted one is, from its checkpoint.
            if (status.equals(Summary.DIVERGED) || (status.equals(Summary.COMPLETED) && !checkpointSpec.keep())) {
                checkpointFile.delete();
            }
            Summary summary = summarize(plan, recorder, status, error, parameters, attempts, device);
            summary.metrics().putAll(extras.summaryMetrics());
            summary = summary.with(stopping == null ? null : SpecFiles.json().convertValue(stopping.outcome(), MAP),
                    extras.perClass()).withDataDir(plan.dataFolder().map(d -> d.toAbsolutePath().normalize().toString()).orElse(null));
            if (spec.train().iterationsTo() != null) summary = summary.withIterationsTo(recorder.iterationsTo());
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A checkpoint to continue from, checked against the folder's curves, and the training lost after it. */
    record Resume(Checkpoint checkpoint, long iterationBytes, long epochBytes, double lostSeconds, double readSeconds) {

        /** The run folder's checkpoint if it can be continued from; otherwise one line saying why not, and null. */
        static Resume find(RunPlan plan, PrintStream out) {
            RunCheckpoint file = new RunCheckpoint(plan.folder());
            if (!file.exists()) return null;
            long begin = System.nanoTime();
            try {
                Checkpoint checkpoint = file.read(plan.runId()).orElse(null);
                if (checkpoint == null) return null;
                long[] bytes = Checkpointing.curveBytes(checkpoint);
                java.nio.file.Path iterations = plan.folder().dir().resolve(RunFolder.ITERATIONS);
                java.nio.file.Path epochs = plan.folder().dir().resolve(RunFolder.EPOCHS);
                if (bytes[0] < 0 || bytes[1] < 0 || size(iterations) < bytes[0] || size(epochs) < bytes[1]) {
                    throw new Checkpoint.Unusable("the curve files are shorter than when it was written");
                }
                // Trained after the checkpoint and lost: until the curves were last written (at least that much).
                long lastWrite = Math.max(modified(iterations), modified(epochs));
                double lost = Math.max(0, lastWrite - Checkpointing.writtenAt(checkpoint)) / 1000.0;
                return new Resume(checkpoint, bytes[0], bytes[1], lost, (System.nanoTime() - begin) / 1e9);
            } catch (Checkpoint.Unusable e) {
                out.println("warning: " + file.file() + ": not continued from: " + e.getMessage() + "; the run starts over");
                return null;
            }
        }

        private static long size(java.nio.file.Path file) {
            try {
                return java.nio.file.Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }

        private static long modified(java.nio.file.Path file) {
            try {
                return java.nio.file.Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return 0;
            }
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Summary summarize(RunPlan plan, CurveRecorder recorder, String status, String error, Long parameters,
            Checkpointing.Attempts attempts, Device device) {
        List<CurveRecorder.EpochRow> rows = recorder.epochs();
        Map<String, Summary.Metric> metrics = new LinkedHashMap<>();
        boolean hasValidation = !rows.isEmpty() && rows.get(0).validate() != null;
        add(metrics, "train_loss", rows, r -> r.train(), Scores::loss, false);
        add(metrics, "train_accuracy", rows, r -> r.train(), Scores::accuracy, true);
        if (hasValidation) {
            add(metrics, "validate_loss", rows, r -> r.validate(), Scores::loss, false);
            add(metrics, "validate_accuracy", rows, r -> r.validate(), Scores::accuracy, true);
        }
        add(metrics, "test_loss", rows, r -> r.test(), Scores::loss, false);
        add(metrics, "test_accuracy", rows, r -> r.test(), Scores::accuracy, true);
        // Several heads: each head's accuracy and every head right, per split (train_top_accuracy, ...).
        List<String> parts = rows.isEmpty() || rows.get(0).train().parts() == null ? List.of()
                : Heads.parts(plan.dataset().headNames());
        for (int i = 0; i < parts.size(); i++) {
            int part = i;
            add(metrics, "train_" + parts.get(i) + "_accuracy", rows, r -> r.train(), s -> s.parts().get(part), true);
            if (hasValidation) {
                add(metrics, "validate_" + parts.get(i) + "_accuracy", rows, r -> r.validate(), s -> s.parts().get(part), true);
            }
            add(metrics, "test_" + parts.get(i) + "_accuracy", rows, r -> r.test(), s -> s.parts().get(part), true);
        }
        String convergenceMetric = hasValidation ? "validate_accuracy" : "test_accuracy";
        Integer convergence = null;
        Summary.Metric target = metrics.get(convergenceMetric);
        if (target != null) {
            for (CurveRecorder.EpochRow row : rows) {
                double value = hasValidation ? row.validate().accuracy() : row.test().accuracy();
                if (value >= 0.99 * target.best()) {
                    convergence = row.iteration();
                    break;
                }
            }
        }
        double trainSeconds = recorder.trainSeconds();
        long images = rows.stream().mapToLong(r -> r.train().count()).sum();
        RunLabel label = plan.label();
        return new Summary(plan.spec().name(), plan.runId(), label == null ? null : label.label(),
                label == null ? null : label.variant(), plan.spec().seed(), label == null ? null : label.values(), status, error, rows.size(), recorder.iteration(),
                metrics, parameters, attempts.wallSeconds(), trainSeconds,
                trainSeconds > 0 ? images / trainSeconds : 0, convergence, convergenceMetric,
                Environment.describe(device), attempts.started, Instant.now().toString())
                .withAttempts(attempts.resumed, attempts.lostTrainSeconds, attempts.checkpointSeconds,
                        attempts.checkpointBytes);
    }

    private static void add(Map<String, Summary.Metric> metrics, String name, List<CurveRecorder.EpochRow> rows,
            Function<CurveRecorder.EpochRow, Scores> part, ToDoubleFunction<Scores> value, boolean higherIsBetter) {
        if (rows.isEmpty()) return;
        double best = value.applyAsDouble(part.apply(rows.get(0)));
        int bestEpoch = 1;
        for (CurveRecorder.EpochRow row : rows) {
            double v = value.applyAsDouble(part.apply(row));
            if (higherIsBetter ? v > best : v < best) {
                best = v;
                bestEpoch = row.epoch();
            }
        }
        double last = value.applyAsDouble(part.apply(rows.get(rows.size() - 1)));
        metrics.put(name, new Summary.Metric(last, best, bestEpoch));
    }
}
