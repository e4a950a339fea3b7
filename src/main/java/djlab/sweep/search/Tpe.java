package djlab.sweep.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.special.Erf;

/**
 * The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio, Kégl, "Algorithms for Hyper-Parameter
 * Optimization", NeurIPS 2011), one independent estimator per dimension as in hyperopt and Optuna's default.
 * The finished trials are split into the best {@code gamma(n)} ("below", density l) and the rest ("above", g);
 * candidates are drawn from l and the one with the largest l(x)/g(x), which orders points as expected improvement
 * does, is proposed. Trials still running are counted in "above" with the worst value (the constant liar of
 * Ginsbourger et al. 2010, as Optuna's {@code constant_liar}), so points near them look unpromising and several
 * trials in flight do not pile onto one point.
 *
 * <p>Everything is drawn from the {@link Random} given, so a suggestion is a function of it and the history.
 */
public final class Tpe {

    /** Candidates drawn from l per suggestion (hyperopt's and Optuna's default). */
    static final int CANDIDATES = 24;
    /** Optuna's default cap on the size of the "below" group. */
    static final int MAX_BELOW = 25;

    /** A finished trial: its point in the modelled ranges and its loss (lower is better; NaN: failed, counted worst). */
    public record Observation(double[] x, double loss) {}

    private Tpe() {}

    /** Size of the "below" group: Optuna's default gamma, 10 % of the trials, at least 1, at most 25. */
    static int below(int n) {
        return Math.max(1, Math.min(MAX_BELOW, (int) Math.ceil(0.1 * n)));
    }

    public static double[] suggest(List<Dimension> space, List<Observation> finished, List<double[]> pending, Random random) {
        List<Observation> sorted = new ArrayList<>(finished);
        // Stable: ties keep the trials' order, so the split is a function of the history alone.
        sorted.sort(Comparator.comparingDouble(o -> Double.isNaN(o.loss()) ? Double.POSITIVE_INFINITY : o.loss()));
        int nBelow = finished.isEmpty() ? 0 : below(finished.size());
        List<double[]> below = new ArrayList<>();
        List<double[]> above = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) (i < nBelow ? below : above).add(sorted.get(i).x());
        above.addAll(pending);

        double[][] candidates = new double[CANDIDATES][space.size()];
        double[] score = new double[CANDIDATES];
        for (int d = 0; d < space.size(); d++) {
            Estimator l = estimator(space.get(d), column(below, d));
            Estimator g = estimator(space.get(d), column(above, d));
            for (int c = 0; c < CANDIDATES; c++) {
                candidates[c][d] = l.sample(random);
                score[c] += l.logDensity(candidates[c][d]) - g.logDensity(candidates[c][d]);
            }
        }
        int best = 0;
        for (int c = 1; c < CANDIDATES; c++) if (score[c] > score[best]) best = c;
        return candidates[best];
    }

    private static double[] column(List<double[]> points, int d) {
        double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++) values[i] = points.get(i)[d];
        return values;
    }

    static Estimator estimator(Dimension dimension, double[] observed) {
        return dimension.categorical() ? new Categorical(dimension.choices(), observed)
                : new Parzen(dimension.low(), dimension.high(), dimension.integer(), observed);
    }

    interface Estimator {
        double sample(Random random);

        double logDensity(double x);
    }

    /**
     * Choices weighted by how often they were observed plus one (a flat prior), so no choice becomes impossible.
     */
    record Categorical(double[] weights) implements Estimator {

        Categorical(int choices, double[] observed) {
            this(weights(choices, observed));
        }

        private static double[] weights(int choices, double[] observed) {
            double[] w = new double[choices];
            Arrays.fill(w, 1.0);
            for (double o : observed) w[(int) o] += 1;
            double sum = Arrays.stream(w).sum();
            for (int i = 0; i < choices; i++) w[i] /= sum;
            return w;
        }

        @Override
        public double sample(Random random) {
            double u = random.nextDouble();
            for (int i = 0; i < weights.length - 1; i++) {
                u -= weights[i];
                if (u < 0) return i;
            }
            return weights.length - 1;
        }

        @Override
        public double logDensity(double x) {
            return Math.log(weights[(int) x]);
        }
    }

    /**
     * A mixture of normals truncated to {@code [low, high]}: one per observation, plus a wide prior at the middle
     * of the range. Each observation's width is the larger gap to its neighbours (the range's ends count as
     * neighbours), clipped to [range / min(100, n + 1), range], as in Bergstra et al.'s estimator.
     */
    static final class Parzen implements Estimator {
        private final double low;
        private final double high;
        private final boolean integer;
        private final double[] mus;
        private final double[] sigmas;

        Parzen(double low, double high, boolean integer, double[] observed) {
            this.low = low;
            this.high = high;
            this.integer = integer;
            int n = observed.length;
            double range = high - low;
            double prior = (low + high) / 2;
            mus = new double[n + 1];
            System.arraycopy(observed, 0, mus, 0, n);
            mus[n] = prior;
            Arrays.sort(mus);
            sigmas = new double[n + 1];
            double minSigma = range / Math.min(100.0, n + 1);
            boolean priorSeen = false;
            for (int i = 0; i <= n; i++) {
                if (!priorSeen && mus[i] == prior) {
                    // The prior's component is wide, whatever its neighbours.
                    sigmas[i] = range;
                    priorSeen = true;
                    continue;
                }
                double left = mus[i] - (i == 0 ? low : mus[i - 1]);
                double right = (i == n ? high : mus[i + 1]) - mus[i];
                sigmas[i] = Math.max(minSigma, Math.min(range, Math.max(left, right)));
            }
        }

        @Override
        public double sample(Random random) {
            int component = random.nextInt(mus.length);
            double x = Double.NaN;
            // Truncation by rejection: the components are no wider than the range, so few draws are rejected.
            for (int tries = 0; tries < 100 && !(x >= low && x <= high); tries++) {
                x = mus[component] + sigmas[component] * random.nextGaussian();
            }
            if (!(x >= low && x <= high)) x = Math.max(low, Math.min(high, mus[component]));
            return integer ? Math.max(low + 0.5, Math.min(high - 0.5, Math.rint(x))) : x;
        }

        @Override
        public double logDensity(double x) {
            if (integer) {
                // An integer's probability: the mass of its unit interval.
                double p = 0;
                for (int i = 0; i < mus.length; i++) p += (cdf(x + 0.5, i) - cdf(x - 0.5, i)) / mass(i);
                return Math.log(Math.max(p / mus.length, Double.MIN_NORMAL));
            }
            double p = 0;
            for (int i = 0; i < mus.length; i++) {
                double z = (x - mus[i]) / sigmas[i];
                p += Math.exp(-0.5 * z * z) / (sigmas[i] * Math.sqrt(2 * Math.PI)) / mass(i);
            }
            return Math.log(Math.max(p / mus.length, Double.MIN_NORMAL));
        }

        private double cdf(double x, int i) {
            return 0.5 * (1 + Erf.erf((x - mus[i]) / (sigmas[i] * Math.sqrt(2))));
        }

        private double mass(int i) {
            return Math.max(cdf(high, i) - cdf(low, i), 1e-12);
        }
    }
}
