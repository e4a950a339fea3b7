package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the network is trained. {@code loss}, {@code clip}, {@code early_stopping}, {@code metrics} and {@code checkpoint} came after
 * the first release: absent means softmax cross-entropy, no clipping, no early stopping, no extra metrics and a
 * checkpoint per epoch, and keeps the run-ids of earlier specs ({@code checkpoint} is never part of a run id).
 * {@code eval_every} (iterations between evaluations of the validation and test sets, besides each epoch's end; a
 * multiple of {@code log_every}) and {@code iterations_to} (accuracy thresholds whose first iteration the summary
 * records) came later still; absent, they leave a run id as it was. They are part of the run id when present: a run
 * without the curves they ask for is not the run asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainSpec(
        Integer epochs,
        Integer batchSize,
        OptimizerSpec optimizer,
        ScheduleSpec schedule,
        Integer logEvery,
        String device,
        LossSpec loss,
        ClipSpec clip,
        EarlyStoppingSpec earlyStopping,
        MetricsSpec metrics,
        CheckpointSpec checkpoint,
        Integer evalEvery,
        java.util.List<Double> iterationsTo) {

    static final TrainSpec DEFAULT = new TrainSpec(null, null, null, null, null, null);

    public TrainSpec {
        if (epochs == null) epochs = 5;
        if (batchSize == null) batchSize = 100;
        if (optimizer == null) optimizer = new OptimizerSpec(null, null, null, null, null, null, null, null);
        if (schedule == null) schedule = new ScheduleSpec(null, null, null, null, null, null, null);
        if (logEvery == null) logEvery = 50;
        if (device == null) device = "auto";
    }

    public TrainSpec(Integer epochs, Integer batchSize, OptimizerSpec optimizer, ScheduleSpec schedule, Integer logEvery,
            String device) {
        this(epochs, batchSize, optimizer, schedule, logEvery, device, null, null, null, null, null);
    }

    public TrainSpec(Integer epochs, Integer batchSize, OptimizerSpec optimizer, ScheduleSpec schedule, Integer logEvery,
            String device, LossSpec loss, ClipSpec clip, EarlyStoppingSpec earlyStopping, MetricsSpec metrics) {
        this(epochs, batchSize, optimizer, schedule, logEvery, device, loss, clip, earlyStopping, metrics, null);
    }

    public TrainSpec(Integer epochs, Integer batchSize, OptimizerSpec optimizer, ScheduleSpec schedule, Integer logEvery,
            String device, LossSpec loss, ClipSpec clip, EarlyStoppingSpec earlyStopping, MetricsSpec metrics,
            CheckpointSpec checkpoint) {
        this(epochs, batchSize, optimizer, schedule, logEvery, device, loss, clip, earlyStopping, metrics, checkpoint,
                null, null);
    }

    /** This spec without {@code checkpoint}: how often a run saves its state does not change what it learns. */
    public TrainSpec withoutCheckpoint() {
        return new TrainSpec(epochs, batchSize, optimizer, schedule, logEvery, device, loss, clip, earlyStopping, metrics,
                null, evalEvery, iterationsTo);
    }

    /** The checkpoint settings; absent means one checkpoint at the end of every epoch, none kept after the run. */
    public CheckpointSpec checkpointOrDefault() {
        return checkpoint == null ? new CheckpointSpec(null, null, null) : checkpoint;
    }

    /** The loss; absent means softmax cross-entropy. */
    public LossSpec lossOrDefault() {
        return loss == null ? new LossSpec(null, null, null) : loss;
    }

    /**
     * @param type softmax_cross_entropy | weighted_cross_entropy
     * @param weights weighted_cross_entropy: one weight per class; absent means balanced, n / (classes * n_c) over
     *     the training split (as in the one-epoch CNN report)
     * @param labelSmoothing epsilon: the target puts 1 - epsilon on the label and epsilon / classes on every class
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LossSpec(String type, java.util.List<Double> weights, Double labelSmoothing) {
        public LossSpec {
            if (type == null) type = "softmax_cross_entropy";
            if (labelSmoothing == null) labelSmoothing = 0.0;
        }
    }

    /**
     * Gradient clipping between the backward pass and the update: each element into [-value, value], then all
     * gradients together scaled down to a global L2 norm of at most {@code norm}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClipSpec(Double value, Double norm) {}

    /**
     * Stops training when {@code metric} has not improved by more than {@code min_delta} for {@code patience}
     * epochs; losses must fall, accuracies rise.
     *
     * @param restoreBest put back the parameters of the best epoch before saving
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EarlyStoppingSpec(String metric, Integer patience, Double minDelta, Boolean restoreBest) {
        public EarlyStoppingSpec {
            if (metric == null) metric = "validate_loss";
            if (patience == null) patience = 5;
            if (minDelta == null) minDelta = 0.0;
            if (restoreBest == null) restoreBest = true;
        }
    }

    /**
     * When a run saves its state so that it can continue after an interruption: every {@code every} units
     * ({@code iteration} also saves at each epoch's end), the latest one only; {@code keep} leaves the last one in a
     * completed run's folder.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckpointSpec(Integer every, String unit, Boolean keep) {
        public CheckpointSpec {
            if (every == null) every = 1;
            if (unit == null) unit = "epoch";
            if (keep == null) keep = false;
        }
    }

    /**
     * Metrics recorded besides loss and top-1 accuracy, on the validation and test sets every epoch.
     *
     * @param topK also the top-k accuracy (a prediction counts when the label is among the k highest scores)
     * @param perClass also the accuracy of each class
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetricsSpec(Integer topK, Boolean perClass) {
        public MetricsSpec {
            if (perClass == null) perClass = false;
        }
    }
}
