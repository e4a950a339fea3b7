package djlab.report;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation and the 95% confidence interval of the mean (Student's t) of one measure over a
 * variant's seeds. With one value there is a mean but no spread; with none, everything is NaN.
 */
record Stats(int n, double mean, double std, double ciLow, double ciHigh) {

    static final double LEVEL = 0.95;

    static Stats of(double[] sample) {
        double[] values = Arrays.stream(sample).filter(Double::isFinite).toArray();
        int n = values.length;
        if (n == 0) return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = Arrays.stream(values).average().orElseThrow();
        if (n == 1) return new Stats(1, mean, Double.NaN, Double.NaN, Double.NaN);
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        double std = Math.sqrt(squares / (n - 1));
        double half = tQuantile(n - 1) * std / Math.sqrt(n);
        return new Stats(n, mean, std, mean - half, mean + half);
    }

    /** The two-sided 95% quantile of Student's t with {@code df} degrees of freedom. */
    static double tQuantile(double df) {
        return new TDistribution(null, df).inverseCumulativeProbability(0.5 + LEVEL / 2);
    }

    /**
     * The same with the interval cut to the values the measure can take: the mean of accuracies lies in [0, 1], so a
     * t interval reaching past 100% (few, spread seeds near the top) is trimmed there without losing coverage.
     */
    Stats within(double lowest, double highest) {
        if (!hasSpread()) return this;
        return new Stats(n, mean, std, Math.max(lowest, ciLow), Math.min(highest, ciHigh));
    }

    boolean hasSpread() {
        return n >= 2;
    }
}
