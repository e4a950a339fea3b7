package djlab.train;

import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.augment.RandomAffine;
import djlab.data.ResidentDataset;
import djlab.results.Checkpoint;
import djlab.results.RunCheckpoint;
import djlab.results.RunFolder;
import djlab.spec.TrainSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a run's whole training state at batch boundaries, as a DJL training listener (the epoch's end, after the
 * curves and early stopping have seen it) and through the loop's {@link TrainingLoop.Boundaries} (after an update):
 * every {@code train.checkpoint} period, and when a stop is requested (then it ends training with
 * {@link StopRequest.Interrupted}). Each object that owns state saves and restores its own: the network's
 * parameters (batch-norm statistics included), the optimizer ({@link OptimizerState}), the curves
 * ({@link CurveRecorder}), early stopping, the extra metrics, the data order ({@link ResidentDataset}) and the
 * augmentation's generator ({@link RandomAffine}). {@link #restore} puts a checkpoint back before training continues.
 *
 * <p>Dropout draws from the engine's global generator, whose state libtorch does not let DJL read. So that a run
 * continued from any batch draws the same masks as one never stopped, a network with dropout re-seeds that
 * generator before every batch from the run's seed and the batch's number (a batch boundary needs nothing saved
 * then). This is done in every run, interrupted or not, and only for networks with dropout; it is why such runs
 * differ from those of DJLab before checkpoints (the other networks' results are unchanged).
 */
final class Checkpointing extends TrainingListenerAdapter implements TrainingLoop.Boundaries {

    /** How a run has gone across its attempts, carried from checkpoint to checkpoint into the summary. */
    static final class Attempts {
        int resumed;
        double lostTrainSeconds;
        String started;
        double wallSecondsBefore;
        double checkpointSeconds;
        long checkpointBytes;
        long attemptStartNanos = System.nanoTime();

        double wallSeconds() {
            return wallSecondsBefore + (System.nanoTime() - attemptStartNanos) / 1e9;
        }
    }

    private final RunCheckpoint file;
    private final String runId;
    private final TrainSpec.CheckpointSpec spec;
    private final int epochs;
    private final long seed;
    private final boolean reseedDropout;
    private final CurveRecorder recorder;
    private final EarlyStopping stopping;
    private final ExtraMetrics extras;
    private final ResidentDataset data;
    private final RandomAffine augment;
    private final RunFolder.Curve iterationCurve;
    private final RunFolder.Curve epochCurve;
    private final Attempts attempts;
    private final ai.djl.training.optimizer.Optimizer optimizer;
    private final LeaseWatch lease;
    private Trainer trainer;
    private int pauseAfter;
    private int epochsDone;
    private int batch;
    private long lastWriteNanos;
    private long lastBytes;

    Checkpointing(RunCheckpoint file, String runId, TrainSpec.CheckpointSpec spec, int epochs, long seed,
            boolean reseedDropout, CurveRecorder recorder, EarlyStopping stopping, ExtraMetrics extras,
            ResidentDataset data, RandomAffine augment, RunFolder.Curve iterationCurve, RunFolder.Curve epochCurve,
            Attempts attempts, ai.djl.training.optimizer.Optimizer optimizer, LeaseWatch lease) {
        this.optimizer = optimizer;
        this.lease = lease;
        this.file = file;
        this.runId = runId;
        this.spec = spec;
        this.epochs = epochs;
        this.seed = seed;
        this.reseedDropout = reseedDropout;
        this.recorder = recorder;
        this.stopping = stopping;
        this.extras = extras;
        this.data = data;
        this.augment = augment;
        this.iterationCurve = iterationCurve;
        this.epochCurve = epochCurve;
        this.attempts = attempts;
    }

    /** Stop at the end of this epoch or the first after it (0: never) with a checkpoint, as a signal would: see Runner.run. */
    void pauseAfter(int epoch) {
        this.pauseAfter = epoch;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public int firstEpoch() {
        return epochsDone;
    }

    @Override
    public void beforeBatch() {
        if (reseedDropout) JniUtils.setSeed(batchSeed(seed, recorder.iteration() + 1));
    }

    @Override
    public boolean drawsFromGenerator() {
        return reseedDropout;
    }

    /** Whether the network draws from the engine's generator while training (a dropout layer with a rate). */
    static boolean hasDropout(ai.djl.nn.Block block) {
        if (block instanceof ai.djl.nn.norm.Dropout) return true;
        for (Pair<String, ai.djl.nn.Block> child : block.getChildren()) {
            if (hasDropout(child.getValue())) return true;
        }
        return false;
    }

    /** The engine's seed for batch {@code iteration} (from 1) of a run: SplitMix64 of the two. */
    static long batchSeed(long seed, int iteration) {
        long z = seed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    @Override
    public void afterStep(boolean lastOfEpoch) {
        batch++;
        // A row waiting for its evaluation is written before anything can be saved or stopped.
        recorder.afterStep(trainer);
        // The epoch's last batch: its end (evaluation, rows, early stopping) comes first, then the checkpoint.
        if (lastOfEpoch) return;
        if (StopRequest.requestedAt(recorder.iteration())) {
            save();
            throw interrupted();
        }
        if (spec.unit().equals("iteration") && recorder.iteration() % spec.every() == 0) save();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epochsDone++;
        batch = 0;
        boolean last = epochsDone == epochs;
        if (StopRequest.requestedAt(recorder.iteration()) && !last) {
            save();
            throw interrupted();
        }
        boolean due = spec.unit().equals("iteration") || epochsDone % spec.every() == 0;
        if (last ? spec.keep() : due) save();
        // At or after: a run continued from a checkpoint taken at that very epoch stops at the next one.
        if (pauseAfter > 0 && epochsDone >= pauseAfter && !last) {
            if (!due) save();
            throw new StopRequest.Interrupted("paused after epoch " + epochsDone + ", checkpoint saved; run again to continue");
        }
    }

    private StopRequest.Interrupted interrupted() {
        return new StopRequest.Interrupted("stopped by SIG" + StopRequest.signal() + " at iteration "
                + recorder.iteration() + " (epoch " + (epochsDone + 1) + "), checkpoint saved; run again to continue");
    }

    /** Seconds the last checkpoint took to write, and its size: for the cost figures. */
    double lastWriteSeconds() {
        return lastWriteNanos / 1e9;
    }

    long lastBytes() {
        return lastBytes;
    }

    void save() {
        long begin = System.nanoTime();
        Checkpoint checkpoint = Checkpoint.empty(runId);
        ObjectNode state = checkpoint.state();
        Map<String, Checkpoint.Tensor> arrays = checkpoint.arrays();
        Map<String, String> names = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
            arrays.put("parameters/" + p.getKey(), Tensors.of(p.getValue().getArray()));
        }
        ObjectNode position = state.putObject("position");
        position.put("epochs_done", epochsDone);
        position.put("batch", batch);
        ObjectNode run = state.putObject("run");
        run.put("resumed", attempts.resumed);
        run.put("lost_train_seconds", attempts.lostTrainSeconds);
        run.put("started", attempts.started);
        run.put("wall_seconds", attempts.wallSeconds());
        run.put("checkpoint_seconds", attempts.checkpointSeconds);
        run.put("written_at_millis", System.currentTimeMillis());
        ObjectNode curves = state.putObject("curves");
        curves.put("iterations_bytes", iterationCurve.bytes());
        curves.put("epochs_bytes", epochCurve.bytes());
        recorder.saveState(state.putObject("recorder"));
        extras.saveState(state.putObject("extras"));
        if (stopping != null) stopping.saveState(state.putObject("early_stopping"), names, arrays);
        OptimizerState.save(optimizer, names, state.putObject("optimizer"), arrays, "optimizer/");
        if (augment != null) state.putObject("augment").put("generator", augment.generatorState());
        // A process that lost the run to another must not replace the new holder's checkpoint with its own.
        lease.confirm();
        lastBytes = file.write(checkpoint);
        lastWriteNanos = System.nanoTime() - begin;
        attempts.checkpointSeconds += lastWriteNanos / 1e9;
        attempts.checkpointBytes = lastBytes;
    }

    /**
     * Puts a checkpoint's state back into a trainer whose network is initialized and whose listeners have begun;
     * training then continues at the batch after the checkpoint.
     */
    void restore(Checkpoint checkpoint) {
        JsonNode state = checkpoint.state();
        Map<String, Checkpoint.Tensor> arrays = checkpoint.arrays();
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            byName.put(p.getKey(), p.getValue());
            Checkpoint.Tensor saved = arrays.get("parameters/" + p.getKey());
            if (saved == null) throw new IllegalStateException("the checkpoint lacks parameter " + p.getKey());
            Tensors.copyInto(p.getValue().getArray(), saved, p.getKey());
        }
        epochsDone = state.path("position").path("epochs_done").asInt();
        batch = state.path("position").path("batch").asInt();
        JsonNode run = state.path("run");
        attempts.resumed = run.path("resumed").asInt();
        attempts.lostTrainSeconds = run.path("lost_train_seconds").asDouble();
        attempts.started = run.path("started").asText();
        attempts.wallSecondsBefore = run.path("wall_seconds").asDouble();
        attempts.checkpointSeconds = run.path("checkpoint_seconds").asDouble();
        recorder.restoreState(state.path("recorder"));
        extras.restoreState(state.path("extras"));
        if (stopping != null) stopping.restoreState(state.path("early_stopping"), byName, arrays);
        OptimizerState.restore(optimizer, byName, state.path("optimizer"), arrays, "optimizer/");
        if (augment != null) augment.restore(state.path("augment").path("generator").asLong());
        data.resumeAt(epochsDone, batch);
    }

    /** The curve sizes a checkpoint expects, to check the files before continuing. */
    static long[] curveBytes(Checkpoint checkpoint) {
        JsonNode curves = checkpoint.state().path("curves");
        return new long[] {curves.path("iterations_bytes").asLong(-1), curves.path("epochs_bytes").asLong(-1)};
    }

    /** When the checkpoint was written (ms since 1970), to estimate the training lost after it. */
    static long writtenAt(Checkpoint checkpoint) {
        return checkpoint.state().path("run").path("written_at_millis").asLong();
    }
}
