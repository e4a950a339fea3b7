package djlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * {@code summary.json}: how a run ended and its headline figures. Written last, so its presence with
 * {@code status: completed} is what makes a run folder complete.
 *
 * @param label, variant, values where the run sits in a sweep (see {@link RunLabel}); absent for a single run
 * @param convergenceIteration the first iteration (at an epoch end) where the convergence metric reached 99% of its
 *     best value: validation accuracy, or test accuracy when there is no validation set
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
        String finished) {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String DIVERGED = "diverged";

    /** Final and best value of one curve, and the epoch of the best (1-based). */
    public record Metric(double last, double best, int bestEpoch) {}

    public boolean completed() {
        return COMPLETED.equals(status);
    }
}
