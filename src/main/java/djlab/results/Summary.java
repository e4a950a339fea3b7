package djlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code summary.json}: how a run ended and its headline figures. Written last, so its presence with
 * {@code status: completed} is what makes a run folder complete.
 *
 * @param label, variant, values where the run sits in a sweep (see {@link RunLabel}); absent for a single run
 * @param convergenceIteration the first iteration (at an epoch end) where the convergence metric reached 99% of its
 *     best value: validation accuracy, or test accuracy when there is no validation set
 * @param earlyStopping with {@code train.early_stopping}: the metric watched, whether and at which epoch training
 *     stopped and why, the best epoch and value, and whether the best parameters were restored
 * @param perClassAccuracy with {@code train.metrics.per_class}: the last epoch's accuracy of each class, by class
 *     name, for {@code validate} and {@code test}
 * @param attempts how many times the run was started and ended with a summary, this time included; absent when once
 * @param attemptErrors the errors of the earlier attempts that failed or diverged, oldest first; absent when none
 * @param resumed how many times the run was continued from a checkpoint after an interruption
 * @param lostTrainSeconds training time lost to interruptions: what was trained after the last checkpoint and
 *     redone (estimated from when the curves were last written, so at least this much)
 * @param checkpointSeconds time spent writing checkpoints, over all attempts (part of the training time)
 * @param checkpointBytes the size of the last checkpoint written
 * @param dataDir the absolute path of the folder the run read its data set from (absent when DJL downloaded it), so a
 *     report finds the test data again without being told
 * @param pruned for a run an adaptive sweep stopped early: {@code rung}, {@code epoch}, {@code rule} and {@code reason}
 * @param iterationsTo with {@code train.iterations_to}: for each accuracy (train over its log_every windows,
 *     validate and test at every evaluation: each epoch end and every {@code train.eval_every} iterations), the first
 *     iteration at which it reached each threshold, keyed by the threshold as written by {@code Double.toString};
 *     a threshold never reached is absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(
        String name,
        String runId,
        String label,
        String variant,
        Long seed,
        Map<String, Object> values,
        String status,
        String error,
        int epochsCompleted,
        int iterations,
        Map<String, Metric> metrics,
        Long parameters,
        double wallSeconds,
        double trainSeconds,
        double imagesPerSecond,
        Integer convergenceIteration,
        String convergenceMetric,
        Map<String, Object> environment,
        String started,
        String finished,
        Map<String, Object> earlyStopping,
        Map<String, Map<String, Double>> perClassAccuracy,
        Integer attempts,
        java.util.List<String> attemptErrors,
        Integer resumed,
        Double lostTrainSeconds,
        Double checkpointSeconds,
        Long checkpointBytes,
        String dataDir,
        Map<String, Object> pruned,
        Map<String, Map<String, Integer>> iterationsTo) {

    public Summary(String name, String runId, String label, String variant, Long seed, Map<String, Object> values,
            String status, String error, int epochsCompleted, int iterations, Map<String, Metric> metrics,
            Long parameters, double wallSeconds, double trainSeconds, double imagesPerSecond,
            Integer convergenceIteration, String convergenceMetric, Map<String, Object> environment, String started,
            String finished, Map<String, Object> earlyStopping, Map<String, Map<String, Double>> perClassAccuracy,
            Integer attempts, java.util.List<String> attemptErrors, Integer resumed, Double lostTrainSeconds,
            Double checkpointSeconds, Long checkpointBytes, String dataDir, Map<String, Object> pruned) {
        this(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations, metrics, parameters,
                wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration, convergenceMetric, environment,
                started, finished, earlyStopping, perClassAccuracy, attempts, attemptErrors, resumed, lostTrainSeconds,
                checkpointSeconds, checkpointBytes, dataDir, pruned, null);
    }

    public Summary(String name, String runId, String label, String variant, Long seed, Map<String, Object> values,
            String status, String error, int epochsCompleted, int iterations, Map<String, Metric> metrics,
            Long parameters, double wallSeconds, double trainSeconds, double imagesPerSecond,
            Integer convergenceIteration, String convergenceMetric, Map<String, Object> environment, String started,
            String finished, Map<String, Object> earlyStopping, Map<String, Map<String, Double>> perClassAccuracy,
            Integer attempts, java.util.List<String> attemptErrors, Integer resumed, Double lostTrainSeconds,
            Double checkpointSeconds, Long checkpointBytes, String dataDir) {
        this(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations, metrics, parameters,
                wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration, convergenceMetric, environment,
                started, finished, earlyStopping, perClassAccuracy, attempts, attemptErrors, resumed, lostTrainSeconds,
                checkpointSeconds, checkpointBytes, dataDir, null);
    }

    public Summary(String name, String runId, String label, String variant, Long seed, Map<String, Object> values,
            String status, String error, int epochsCompleted, int iterations, Map<String, Metric> metrics,
            Long parameters, double wallSeconds, double trainSeconds, double imagesPerSecond,
            Integer convergenceIteration, String convergenceMetric, Map<String, Object> environment, String started,
            String finished, Map<String, Object> earlyStopping, Map<String, Map<String, Double>> perClassAccuracy,
            Integer attempts, java.util.List<String> attemptErrors) {
        this(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations, metrics, parameters,
                wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration, convergenceMetric, environment,
                started, finished, earlyStopping, perClassAccuracy, attempts, attemptErrors, null, null, null, null, null);
    }

    public Summary(String name, String runId, String label, String variant, Long seed, Map<String, Object> values,
            String status, String error, int epochsCompleted, int iterations, Map<String, Metric> metrics,
            Long parameters, double wallSeconds, double trainSeconds, double imagesPerSecond,
            Integer convergenceIteration, String convergenceMetric, Map<String, Object> environment, String started,
            String finished) {
        this(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations, metrics, parameters,
                wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration, convergenceMetric, environment,
                started, finished, null, null, null, null);
    }

    /** This summary with the catalogue's extras added. */
    public Summary with(Map<String, Object> earlyStopping, Map<String, Map<String, Double>> perClassAccuracy) {
        return new Summary(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations,
                metrics, parameters, wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration,
                convergenceMetric, environment, started, finished, earlyStopping, perClassAccuracy, attempts,
                attemptErrors, resumed, lostTrainSeconds, checkpointSeconds, checkpointBytes, dataDir, pruned, iterationsTo);
    }

    /**
     * This summary as a trial an adaptive sweep stopped early: status {@code pruned}, and {@code pruned} saying at
     * which rung and epoch and why. The curves up to there stay in the run folder.
     */
    public Summary asPruned(Map<String, Object> why) {
        return new Summary(name, runId, label, variant, seed, values, PRUNED, null, epochsCompleted, iterations,
                metrics, parameters, wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration,
                convergenceMetric, environment, started, finished, earlyStopping, perClassAccuracy, attempts,
                attemptErrors, resumed, lostTrainSeconds, checkpointSeconds, checkpointBytes, dataDir, why, iterationsTo);
    }

    /** This summary with the folder its data was read from. */
    public Summary withDataDir(String dataDir) {
        return new Summary(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations,
                metrics, parameters, wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration,
                convergenceMetric, environment, started, finished, earlyStopping, perClassAccuracy, attempts,
                attemptErrors, resumed, lostTrainSeconds, checkpointSeconds, checkpointBytes, dataDir, pruned, iterationsTo);
    }

    /**
     * This summary with the first iteration at which each accuracy reached each threshold of
     * {@code train.iterations_to}, by metric and threshold ({@code Double.toString}); absent when none was asked for.
     */
    public Summary withIterationsTo(Map<String, Map<String, Integer>> reached) {
        return new Summary(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations,
                metrics, parameters, wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration,
                convergenceMetric, environment, started, finished, earlyStopping, perClassAccuracy, attempts,
                attemptErrors, resumed, lostTrainSeconds, checkpointSeconds, checkpointBytes, dataDir, pruned, reached);
    }

    /** This summary with how often the run was continued from a checkpoint and the training time that was lost. */
    public Summary withAttempts(int timesResumed, double lostSeconds, double savingSeconds, long lastCheckpointBytes) {
        return new Summary(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations,
                metrics, parameters, wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration,
                convergenceMetric, environment, started, finished, earlyStopping, perClassAccuracy, attempts,
                attemptErrors, timesResumed, Math.round(lostSeconds * 1000) / 1000.0,
                Math.round(savingSeconds * 1000) / 1000.0, lastCheckpointBytes > 0 ? lastCheckpointBytes : null, dataDir, pruned, iterationsTo);
    }

    /**
     * This summary as the next attempt after {@code previous} (an attempt that ended failed or diverged, or null):
     * its attempt count and the earlier attempts' errors carried on.
     */
    public Summary after(Summary previous) {
        if (previous == null || previous.completed()) return this;
        // An attempt interrupted by a signal is continued by this one, not failed: its count and errors carry on.
        boolean interrupted = INTERRUPTED.equals(previous.status());
        if (interrupted && previous.attempts() == null) return this;
        java.util.List<String> errors = new java.util.ArrayList<>();
        if (previous.attemptErrors() != null) errors.addAll(previous.attemptErrors());
        if (!interrupted) errors.add(previous.status() + ": " + previous.error());
        int count = (previous.attempts() == null ? 1 : previous.attempts()) + (interrupted ? 0 : 1);
        return new Summary(name, runId, label, variant, seed, values, status, error, epochsCompleted, iterations,
                metrics, parameters, wallSeconds, trainSeconds, imagesPerSecond, convergenceIteration,
                convergenceMetric, environment, started, finished, earlyStopping, perClassAccuracy, count, errors,
                resumed, lostTrainSeconds, checkpointSeconds, checkpointBytes, dataDir, pruned, iterationsTo);
    }

    /** A run that failed before its first iteration (no curves, no metrics): how long it took and why. */
    public static Summary failed(String name, String runId, RunLabel label, Long seed, String error, double wallSeconds,
            Map<String, Object> environment, String started, String finished) {
        return new Summary(name, runId, label == null ? null : label.label(), label == null ? null : label.variant(),
                seed, label == null ? null : label.values(), FAILED, error, 0, 0, Map.of(), null, wallSeconds, 0, 0,
                null, null, environment, started, finished);
    }

    // A run's status, the one list: the first three are written in summary.json; the last three are read off a run
    // folder without one (djlab status, the Java API).
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String DIVERGED = "diverged";
    /**
     * Stopped by a signal at a batch boundary, with a checkpoint to continue from (in summary.json); also a run
     * folder without a summary whose run was killed (djlab status, the Java API).
     */
    public static final String INTERRUPTED = "interrupted";
    /** Stopped early by an adaptive sweep's pruning rule: final, with its curves up to there. */
    public static final String PRUNED = "pruned";
    /** Being trained: its folder is held by a live process. */
    public static final String RUNNING = "running";
    /** Not started: no folder yet. */
    public static final String PENDING = "pending";

    /** Final and best value of one curve, and the epoch of the best (1-based). */
    public record Metric(double last, double best, int bestEpoch) {}

    public boolean completed() {
        return COMPLETED.equals(status);
    }

    /**
     * What is wrong with a summary.json that is there, read as a tree (a missing node when it did not parse), or null.
     * A file that is not a JSON object, or that says completed without the numbers a completed run records, was
     * damaged or hand-made: the report and the dashboard show such a run as unreadable and count it nowhere.
     */
    public static String problem(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) return RunFolder.SUMMARY + " is not valid JSON";
        if (!tree.isObject()) return RunFolder.SUMMARY + " is not a JSON object";
        if (!tree.path("status").isTextual()) return RunFolder.SUMMARY + " records no status";
        if (COMPLETED.equals(tree.path("status").asText())
                && !tree.path("metrics").path(Metrics.TEST_ACCURACY).path("last").isNumber()) {
            return RunFolder.SUMMARY + " says completed but records no final test accuracy";
        }
        return null;
    }
}
