package djlab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean loss and accuracy over a set of records. With several output heads {@code accuracy} is the mean of the heads'
 * accuracies and {@code parts} holds each head's accuracy, then that of every head right ({@link Heads#parts});
 * null for one head.
 */
public record Scores(double loss, double accuracy, int count, List<Double> parts) {

    public Scores(double loss, double accuracy, int count) {
        this(loss, accuracy, count, null);
    }

    /** From device sums (float32): kept at float precision so files show 0.937, not 0.9369999766. */
    static Scores of(float lossSum, float correct, int count) {
        return new Scores(rounded(lossSum / count), rounded(correct / count), count);
    }

    /** From the loss sum and the correct counts of {@link Heads#correct} ({@code correct[0]} the mean over heads). */
    static Scores of(float lossSum, float[] correct, int count) {
        if (correct.length == 1) return of(lossSum, correct[0], count);
        List<Double> parts = new ArrayList<>();
        for (int i = 1; i < correct.length; i++) parts.add(rounded(correct[i] / count));
        return new Scores(rounded(lossSum / count), rounded(correct[0] / count), count, parts);
    }

    private static double rounded(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
