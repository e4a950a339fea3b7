package djlab.sweep;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One step of a seed race ({@code seeds: {min, max}}): whether a completed trial gets another seed, from the 95%
 * intervals of its mean and of the best trial's mean over their seeds.
 *
 * @param bestTrial the trial it was compared with; 0 when no earlier trial had completed
 * @param best that trial's interval; null when there was none
 */
record SeedRace(boolean more, Interval mine, int bestTrial, Interval best) {

    /**
     * The mean over a trial's seeds with Student's t 95% interval (t quantile with n - 1 degrees of freedom times
     * the standard error); with one seed the interval is unbounded, since one seed says nothing about the spread.
     */
    record Interval(double mean, double low, double high) {

        static Interval of(double[] values) {
            int n = values.length;
            double mean = Arrays.stream(values).average().orElse(Double.NaN);
            if (n < 2) return new Interval(mean, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
            double half = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(squares / (n - 1) / n);
            return new Interval(mean, mean - half, mean + half);
        }

        boolean bounded() {
            return Double.isFinite(low) && Double.isFinite(high);
        }

        boolean overlaps(Interval other) {
            return low <= other.high && other.low <= high;
        }

        String describe() {
            return bounded() ? String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", mean, low, high)
                    : String.format(Locale.ROOT, "%.4f (one seed: no interval)", mean);
        }
    }

    String reason() {
        if (bestTrial == 0) return "no earlier trial completed: it is the reference, measured with every seed";
        return "mean " + mine.describe() + (more ? " overlaps" : " is clear of") + " trial " + bestTrial + "'s "
                + best.describe();
    }
}
