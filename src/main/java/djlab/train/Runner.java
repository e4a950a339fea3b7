package djlab.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import djlab.data.DataException;
import djlab.data.RawImages;
import djlab.data.Splits;
import djlab.loss.Losses;
import djlab.model.Architecture;
import djlab.results.Checkpoint;
import djlab.results.RunCheckpoint;
import djlab.results.RunClaim;
import djlab.results.RunFolder;
import djlab.results.Summary;
import djlab.spec.BadInputException;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.spec.TrainSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /**
     * Trains and saves the parameters; returns the summary for the caller to write, last. The data path: the splits
     * as datasets ({@link TrainingData}), the curves' files, the network, DJL's trainer with this run's listeners,
     * the loop, the saved parameters, the summary ({@link RunSummaries}).
     */
    private static Summary train(RunPlan plan, Splits splits, Device device, Display display, LeaseWatch lease,
            Resume resume, int pauseAfterEpoch) {
        ExperimentSpec spec = plan.spec();
        Checkpointing.Attempts attempts = new Checkpointing.Attempts();
        attempts.started = Instant.now().toString();
        TrainingData data = TrainingData.of(plan, splits);
        ExtraMetrics extras = new ExtraMetrics(spec.train().metrics(), plan.classNames(), data.hasValidation());
        int total = data.perEpoch() * spec.train().epochs();
        Schedule schedule = new Schedule(spec.train().schedule(), spec.train().optimizer().lr(), data.perEpoch(), total);

        RunFolder folder = plan.folder();
        Integer evalEvery = spec.train().evalEvery();
        List<String> iterationColumns = evalEvery == null ? CurveRecorder.iterationColumns(data.parts())
                : concat(CurveRecorder.iterationColumns(data.parts()), CurveRecorder.evaluationColumns(data.hasValidation()));
        List<String> epochColumns = concat(CurveRecorder.epochColumns(data.parts()), extras.columns());
        TrainSpec.CheckpointSpec checkpointSpec = spec.train().checkpointOrDefault();
        RunCheckpoint checkpointFile = new RunCheckpoint(folder);
        try (Model model = Model.newInstance(spec.name(), device);
                RunFolder.Curve iterations = resume == null ? folder.iterations(iterationColumns)
                        : folder.iterationsFrom(iterationColumns, resume.iterationBytes());
                RunFolder.Curve epochs = resume == null ? folder.epochs(epochColumns)
                        : folder.epochsFrom(epochColumns, resume.epochBytes())) {
            model.setBlock(plan.block());
            CurveRecorder recorder = new CurveRecorder(iterations, epochs, schedule, spec.train().logEvery(), total,
                    data.validateSet(), data.testSet()).withParts(data.parts()).withExtras(extras)
                    .withEvaluations(evalEvery == null ? 0 : evalEvery, spec.train().iterationsTo());
            String title = plan.label() == null ? spec.name() : plan.label().label();
            ProgressDisplay progress = new ProgressDisplay(recorder, title, spec.train().epochs(), data.perEpoch(),
                    display.terminal(), display.out());
            DefaultTrainingConfig config = Training.config(spec.train().optimizer(), schedule,
                    Heads.loss(Losses.of(spec.train().lossOrDefault(), splits.trainLabels(), plan.classes()), data.heads()))
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
                    extras, data.train(), data.augment(), iterations, epochs, attempts, config.getOptimizer(), lease);
            checkpointing.pauseAfter(pauseAfterEpoch);
            config.addTrainingListeners(checkpointing);
            RunSummaries.Trained trained;
            try (Trainer trainer = OneDeviceTrainer.of(model, config)) {
                synchronized (EngineGenerator.LOCK) {
                    Engine.getInstance().setRandomSeed((int) (spec.seed() & 0x7fffffff));
                    trainer.initialize(plan.inputShape(data.batch()));
                }
                Long parameters = Architecture.trainable(model.getBlock());
                if (resume != null) resume.restore(checkpointing, attempts, recorder, display, folder.dir());
                trained = fit(trainer, spec.train().epochs(), data.trainSet(), checkpointing, recorder, parameters, attempts);
                if (stopping != null && trained.status().equals(Summary.COMPLETED)) stopping.restoreBest(trainer);
            }
            lease.confirm();
            if (trained.status().equals(Summary.COMPLETED)) {
                model.setProperty("Epoch", String.valueOf(spec.train().epochs()));
                model.save(folder.dir(), RunFolder.MODEL);
            }
            // A completed or diverged run is not continued; a failed or interrupted one is, from its checkpoint.
            if (trained.status().equals(Summary.DIVERGED) || (trained.status().equals(Summary.COMPLETED) && !checkpointSpec.keep())) {
                checkpointFile.delete();
            }
            Summary summary = RunSummaries.of(plan, trained, device);
            summary.metrics().putAll(extras.summaryMetrics());
            summary = summary.with(stopping == null ? null : SpecFiles.json().convertValue(stopping.outcome(), MAP),
                    extras.perClass()).withDataDir(plan.dataFolder().map(d -> d.toAbsolutePath().normalize().toString()).orElse(null));
            if (spec.train().iterationsTo() != null) summary = summary.withIterationsTo(recorder.iterationsTo());
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loop, and how it ended: a stop, a failure or divergence is an ending of the run, not an error of DJLab. */
    private static RunSummaries.Trained fit(Trainer trainer, int epochs, Dataset trainSet, Checkpointing checkpointing,
            CurveRecorder recorder, Long parameters, Checkpointing.Attempts attempts) {
        String status = Summary.COMPLETED;
        String error = null;
        try {
            TrainingLoop.fit(trainer, epochs, trainSet, checkpointing);
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
        return new RunSummaries.Trained(recorder, status, error, parameters, attempts);
    }

    /** A checkpoint to continue from, checked against the folder's curves, and the training lost after it. */
    record Resume(Checkpoint checkpoint, long iterationBytes, long epochBytes, double lostSeconds, double readSeconds) {

        /** Puts the checkpoint's state back into the new trainer's listeners and counts the attempt. */
        void restore(Checkpointing checkpointing, Checkpointing.Attempts attempts, CurveRecorder recorder, Display display,
                java.nio.file.Path dir) {
            long begin = System.nanoTime();
            checkpointing.restore(checkpoint);
            attempts.resumed++;
            attempts.lostTrainSeconds += lostSeconds;
            // The count is saved at once: an attempt killed before its first checkpoint still counts.
            checkpointing.save();
            display.out().printf(java.util.Locale.ROOT, "resuming %s at iteration %d (epoch %d): checkpoint "
                    + "read in %.3f s, restored in %.3f s%n", dir, recorder.iteration(),
                    recorder.epoch(), readSeconds, (System.nanoTime() - begin) / 1e9);
        }

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
}
