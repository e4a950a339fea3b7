package djlab.results;

import java.util.List;

/**
 * The names of the metrics every run records: columns of {@code epochs.csv} and keys of {@code summary.json}'s
 * {@code metrics}. Extra metrics (top-k, per head) are named from these: {@code <split>_<what>_accuracy}.
 */
public final class Metrics {

    public static final String TRAIN_LOSS = "train_loss";
    public static final String TRAIN_ACCURACY = "train_accuracy";
    public static final String VALIDATE_LOSS = "validate_loss";
    public static final String VALIDATE_ACCURACY = "validate_accuracy";
    public static final String TEST_LOSS = "test_loss";
    public static final String TEST_ACCURACY = "test_accuracy";

    /** Recorded per epoch by every run (the validation ones when a validation set is held out). */
    public static final List<String> PER_EPOCH = List.of(TRAIN_LOSS, TRAIN_ACCURACY, VALIDATE_LOSS, VALIDATE_ACCURACY,
            TEST_LOSS, TEST_ACCURACY);

    /** The timing columns of {@code epochs.csv}: the epoch's training and evaluation, and the run's time so far. */
    public static final String EPOCH_SECONDS = "epoch_seconds";
    public static final String ELAPSED_SECONDS = "elapsed_seconds";

    private Metrics() {}

    /** Whether a recorded metric is an accuracy (a fraction in [0, 1]), such as test_accuracy or test_top5_accuracy. */
    public static boolean isAccuracy(String metric) {
        return metric.endsWith("accuracy");
    }
}
