package djlab.train;

import ai.djl.Device;
import djlab.results.Metrics;
import djlab.results.RunLabel;
import djlab.results.Summary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The results step of a run: its {@code summary.json} from what the training recorded. Pure computation; the run
 * folder writes it.
 */
final class RunSummaries {

    /**
     * How a training attempt ended.
     *
     * @param status {@link Summary#COMPLETED}, {@code FAILED}, {@code DIVERGED} or {@code INTERRUPTED}
     * @param error why it did not complete; null when it did
     * @param parameters trainable parameters; null when the network was never initialised
     */
    record Trained(CurveRecorder recorder, String status, String error, Long parameters, Checkpointing.Attempts attempts) {}

    /** A run reaches its convergence iteration at the first epoch end within 1% of its best accuracy. */
    private static final double CONVERGED = 0.99;

    private RunSummaries() {}

    static Summary of(RunPlan plan, Trained trained, Device device) {
        CurveRecorder recorder = trained.recorder();
        List<CurveRecorder.EpochRow> rows = recorder.epochs();
        Map<String, Summary.Metric> metrics = new LinkedHashMap<>();
        boolean hasValidation = !rows.isEmpty() && rows.get(0).validate() != null;
        add(metrics, Metrics.TRAIN_LOSS, rows, r -> r.train(), Scores::loss, false);
        add(metrics, Metrics.TRAIN_ACCURACY, rows, r -> r.train(), Scores::accuracy, true);
        if (hasValidation) {
            add(metrics, Metrics.VALIDATE_LOSS, rows, r -> r.validate(), Scores::loss, false);
            add(metrics, Metrics.VALIDATE_ACCURACY, rows, r -> r.validate(), Scores::accuracy, true);
        }
        add(metrics, Metrics.TEST_LOSS, rows, r -> r.test(), Scores::loss, false);
        add(metrics, Metrics.TEST_ACCURACY, rows, r -> r.test(), Scores::accuracy, true);
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
        String convergenceMetric = hasValidation ? Metrics.VALIDATE_ACCURACY : Metrics.TEST_ACCURACY;
        Integer convergence = null;
        Summary.Metric target = metrics.get(convergenceMetric);
        if (target != null) {
            for (CurveRecorder.EpochRow row : rows) {
                double value = hasValidation ? row.validate().accuracy() : row.test().accuracy();
                if (value >= CONVERGED * target.best()) {
                    convergence = row.iteration();
                    break;
                }
            }
        }
        double trainSeconds = recorder.trainSeconds();
        long images = rows.stream().mapToLong(r -> r.train().count()).sum();
        RunLabel label = plan.label();
        Checkpointing.Attempts attempts = trained.attempts();
        return new Summary(plan.spec().name(), plan.runId(), label == null ? null : label.label(),
                label == null ? null : label.variant(), plan.spec().seed(), label == null ? null : label.values(),
                trained.status(), trained.error(), rows.size(), recorder.iteration(), metrics, trained.parameters(),
                attempts.wallSeconds(), trainSeconds, trainSeconds > 0 ? images / trainSeconds : 0, convergence,
                convergenceMetric, Environment.describe(device), attempts.started, Instant.now().toString())
                .withAttempts(attempts.resumed, attempts.lostTrainSeconds, attempts.checkpointSeconds,
                        attempts.checkpointBytes);
    }

    /** Last and best value of one curve over the epochs, and the epoch of the best. */
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
