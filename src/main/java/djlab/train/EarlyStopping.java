package djlab.train;

import djlab.results.Metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import djlab.spec.TrainSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Early stopping as a DJL training listener, after the {@link CurveRecorder} has recorded the epoch: watches one
 * recorded metric (losses must fall, accuracies rise), counts epochs without an improvement of more than
 * {@code min_delta}, and after {@code patience} of them ends training by throwing {@link Stopped} (as DJL's
 * {@code EarlyStoppingListener} ends it by exception). It keeps a copy of the parameters of the best epoch so that
 * {@link #restoreBest} can put them back before the network is saved.
 */
public final class EarlyStopping extends TrainingListenerAdapter {

    /** Thrown to end training early; the run still completes. */
    public static final class Stopped extends RuntimeException {
        public Stopped(String message) {
            super(message);
        }
    }

    /** What {@code summary.json} says about early stopping. */
    public record Outcome(String metric, int patience, double minDelta, boolean stopped, int stoppedEpoch,
            int bestEpoch, double best, boolean restored, String reason) {}

    private final TrainSpec.EarlyStoppingSpec spec;
    private final CurveRecorder recorder;
    private final ToDoubleFunction<CurveRecorder.EpochRow> metric;
    private final boolean lower;
    private NDManager snapshots;
    private Map<String, NDArray> bestParameters = new LinkedHashMap<>();
    private double best = Double.NaN;
    private int bestEpoch;
    private int waited;
    private int lastEpoch;
    private boolean stopped;
    private boolean restored;
    private String reason;

    public EarlyStopping(TrainSpec.EarlyStoppingSpec spec, CurveRecorder recorder,
            ToDoubleFunction<CurveRecorder.EpochRow> metric) {
        this.spec = spec;
        this.recorder = recorder;
        this.metric = metric;
        this.lower = spec.metric().endsWith("_loss");
    }

    /** How to read the watched metric off an epoch's row (extra metrics such as top-k from {@code extras}). */
    public static ToDoubleFunction<CurveRecorder.EpochRow> metric(String name, ExtraMetrics extras) {
        return switch (name) {
            case Metrics.TRAIN_LOSS -> r -> r.train().loss();
            case Metrics.TRAIN_ACCURACY -> r -> r.train().accuracy();
            case Metrics.VALIDATE_LOSS -> r -> r.validate().loss();
            case Metrics.VALIDATE_ACCURACY -> r -> r.validate().accuracy();
            case Metrics.TEST_LOSS -> r -> r.test().loss();
            case Metrics.TEST_ACCURACY -> r -> r.test().accuracy();
            default -> r -> extras.value(name, r.epoch());
        };
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        snapshots = trainer.getManager().newSubManager();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        CurveRecorder.EpochRow row = recorder.epochs().get(recorder.epochs().size() - 1);
        lastEpoch = row.epoch();
        double value = metric.applyAsDouble(row);
        if (Double.isNaN(best) || (lower ? value < best - spec.minDelta() : value > best + spec.minDelta())) {
            best = value;
            bestEpoch = row.epoch();
            waited = 0;
            if (spec.restoreBest()) snapshot(trainer);
            return;
        }
        waited++;
        if (waited >= spec.patience()) {
            stopped = true;
            reason = String.format(Locale.ROOT, "%s did not %s by more than %s for %d epochs (best %.6g at epoch %d)",
                    spec.metric(), lower ? "fall" : "rise", spec.minDelta(), spec.patience(), best, bestEpoch);
            throw new Stopped("stopped after epoch " + row.epoch() + ": " + reason);
        }
    }

    private void snapshot(Trainer trainer) {
        bestParameters.values().forEach(NDArray::close);
        bestParameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (!p.getValue().isInitialized()) continue;
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(snapshots);
            bestParameters.put(p.getValue().getId(), copy);
        }
    }

    /** Puts the best epoch's parameters back (running batch-norm statistics included), if it was not the last. */
    public void restoreBest(Trainer trainer) {
        if (!spec.restoreBest() || bestParameters.isEmpty() || bestEpoch == lastEpoch) return;
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
                NDArray saved = bestParameters.get(p.getValue().getId());
                if (saved != null) p.getValue().getArray().muli(0).addi(saved);
            }
            restored = true;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The watch so far, for a checkpoint; the best epoch's parameters as arrays named by their path. */
    void saveState(com.fasterxml.jackson.databind.node.ObjectNode json, Map<String, String> names,
            Map<String, djlab.results.Checkpoint.Tensor> arrays) {
        if (!Double.isNaN(best)) json.put("best", best);
        json.put("best_epoch", bestEpoch);
        json.put("waited", waited);
        json.put("last_epoch", lastEpoch);
        bestParameters.forEach((id, array) -> arrays.put("early_stopping/" + names.get(id), Tensors.of(array)));
    }

    void restoreState(com.fasterxml.jackson.databind.JsonNode json, Map<String, Parameter> byName,
            Map<String, djlab.results.Checkpoint.Tensor> arrays) {
        best = json.has("best") ? json.path("best").asDouble() : Double.NaN;
        bestEpoch = json.path("best_epoch").asInt();
        waited = json.path("waited").asInt();
        lastEpoch = json.path("last_epoch").asInt();
        bestParameters.values().forEach(NDArray::close);
        bestParameters = new LinkedHashMap<>();
        // In the network's order, as snapshot() keeps them.
        for (Map.Entry<String, Parameter> p : byName.entrySet()) {
            djlab.results.Checkpoint.Tensor saved = arrays.get("early_stopping/" + p.getKey());
            if (saved != null) bestParameters.put(p.getValue().getId(), Tensors.create(snapshots, saved));
        }
    }

    public Outcome outcome() {
        return new Outcome(spec.metric(), spec.patience(), spec.minDelta(), stopped, lastEpoch, bestEpoch, best,
                restored, stopped ? reason : "ran every epoch");
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        // The snapshots live until the run's trainer closes; restoreBest runs before that.
    }

    /** Frees the snapshots. */
    public void close() {
        if (snapshots != null) snapshots.close();
    }
}
