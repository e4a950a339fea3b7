package djlab.report;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Whether two variants' final test accuracies differ by more than seed-to-seed noise: Welch's t-test (no assumption of
 * equal variances), with the 95% interval of the difference of means on Welch–Satterthwaite degrees of freedom. A
 * report tests several differences at once, so its verdicts use Holm-adjusted p-values ({@link #holm}); where no
 * difference is seen the answer is "not resolved", with the smallest difference the seeds could have detected.
 *
 * @param difference mean of b minus mean of a
 * @param pAdjusted p corrected for the number of comparisons (Holm); p itself for a lone comparison
 * @param detectable the minimum detectable difference: the true difference that this many seeds with this spread
 *     would find at the corrected 5% level with 80% power (NaN without two seeds a side)
 * @param comparisons how many comparisons the correction counted
 */
record Significance(Stats a, Stats b, double difference, double p, double ciLow, double ciHigh, Verdict verdict,
        double pAdjusted, double detectable, int comparisons) {

    static final double ALPHA = 0.05;
    static final double POWER = 0.80;
    static final int MIN_SEEDS = 2;
    static final String TOO_SPREAD = "the seeds spread too widely for any effect to be seen";

    enum Verdict {
        NOT_ENOUGH_SEEDS("not enough seeds"),
        SIGNIFICANT("significant"),
        NOT_RESOLVED("not resolved");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    static Significance welch(double[] a, double[] b) {
        Stats sa = Stats.of(a);
        Stats sb = Stats.of(b);
        double difference = sb.mean() - sa.mean();
        if (sa.n() < MIN_SEEDS || sb.n() < MIN_SEEDS) {
            return new Significance(sa, sb, difference, Double.NaN, Double.NaN, Double.NaN, Verdict.NOT_ENOUGH_SEEDS,
                    Double.NaN, Double.NaN, 1);
        }
        double va = sa.std() * sa.std() / sa.n();
        double vb = sb.std() * sb.std() / sb.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            // Every seed gave the same value on both sides: the t statistic is 0/0 or infinite, the answer is plain.
            boolean same = difference == 0;
            return new Significance(sa, sb, difference, same ? 1 : 0, difference, difference,
                    same ? Verdict.NOT_RESOLVED : Verdict.SIGNIFICANT, same ? 1 : 0, 0, 1);
        }
        double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
        double half = Stats.tQuantile(df) * se;
        double p = new TTest().tTest(clean(a), clean(b));
        return new Significance(sa, sb, difference, p, difference - half, difference + half,
                p < ALPHA ? Verdict.SIGNIFICANT : Verdict.NOT_RESOLVED, p, detectable(se, df, ALPHA), 1);
    }

    /**
     * The smallest true difference a two-sided t-test at level {@code alpha} would detect with 80% power, for a
     * standard error {@code se} on {@code df} degrees of freedom: (t(1 - alpha/2) + t(power)) x se.
     */
    static double detectable(double se, double df, double alpha) {
        if (!(se > 0) || !(df > 0)) return Double.NaN;
        TDistribution t = new TDistribution(null, df);
        return (t.inverseCumulativeProbability(1 - alpha / 2) + t.inverseCumulativeProbability(POWER)) * se;
    }

    /**
     * Holm's step-down correction over a family of tests: sorted by p, the k-th smallest (from 0) is multiplied by
     * (m - k), and adjusted values never decrease along the order. Untested entries (NaN) are not counted.
     */
    static double[] holm(double[] p) {
        Integer[] order = java.util.stream.IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted((i, j) -> Double.compare(p[i], p[j])).toArray(Integer[]::new);
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 0;
        for (int k = 0; k < order.length; k++) {
            running = Math.max(running, Math.min(1, (order.length - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /** This test as one of {@code m} in a family, with its Holm-adjusted p: the verdict and detectable size follow. */
    Significance corrected(double adjusted, int m) {
        if (verdict == Verdict.NOT_ENOUGH_SEEDS || m <= 1) return this;
        double va = var(a);
        double vb = var(b);
        double se = Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        // The detectable size at the strictest step of Holm's procedure (alpha / m): what this family could see for sure.
        double mde = se == 0 ? 0 : detectable(se, df, ALPHA / m);
        return new Significance(a, b, difference, p, ciLow, ciHigh,
                adjusted < ALPHA ? Verdict.SIGNIFICANT : Verdict.NOT_RESOLVED, adjusted, mde, m);
    }

    /** The same with the difference's interval cut to what it can be: accuracies differ by at most one. */
    Significance within(double lowest, double highest) {
        if (Double.isNaN(ciLow)) return this;
        return new Significance(a, b, difference, p, Math.max(lowest, ciLow), Math.min(highest, ciHigh), verdict,
                pAdjusted, detectable, comparisons);
    }

    private static double var(Stats s) {
        return s.std() * s.std() / s.n();
    }

    private static double[] clean(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    /** "not resolved (n = 3 and 3; an effect below 0.85 pp could not be seen)": what a reader may conclude. */
    String unresolved() {
        String n = a.n() == b.n() ? "n = " + a.n() : "n = " + a.n() + " and " + b.n();
        if (Double.isNaN(detectable)) return "not resolved (" + n + ")";
        // Accuracies differ by at most 100 pp: a larger "detectable" effect means none could be seen.
        if (detectable >= 1) return "not resolved (" + n + "; " + TOO_SPREAD + ")";
        return String.format(Locale.ROOT, "not resolved (%s; an effect below %.2f pp could not be seen)", n,
                        detectable * 100);
    }

    /** What follows the verdict in the table: the size of the difference, or why there is no verdict. */
    String detail(String nameA, String nameB) {
        return switch (verdict) {
            case NOT_ENOUGH_SEEDS -> String.format(Locale.ROOT, "n = %d and %d, need %d per side", a.n(), b.n(), MIN_SEEDS);
            case SIGNIFICANT -> String.format(Locale.ROOT, "%s better by %.2f pp", difference > 0 ? nameB : nameA,
                    Math.abs(difference) * 100);
            case NOT_RESOLVED -> unresolved().substring("not resolved (".length(), unresolved().length() - 1);
        };
    }

    /** One sentence on accuracies, in percentage points: what a student would write under the table. */
    String sentence(String nameA, String nameB) {
        return switch (verdict) {
            case NOT_ENOUGH_SEEDS -> String.format(Locale.ROOT, "not enough seeds (n = %d and %d; need %d per side)",
                    a.n(), b.n(), MIN_SEEDS);
            case SIGNIFICANT -> String.format(Locale.ROOT, "%s is better by %.2f pp (%s)",
                    difference > 0 ? nameB : nameA, Math.abs(difference) * 100, pText());
            case NOT_RESOLVED -> String.format(Locale.ROOT, "%s pp, %s (%s)", Text.points(difference), unresolved(), pText());
        };
    }

    /** "p < 0.001" or "p = 0.042". */
    static String pPhrase(double p) {
        return p < 0.001 ? "p < 0.001" : "p = " + formatP(p);
    }

    private String pText() {
        String raw = pPhrase(p);
        return comparisons <= 1 ? raw : raw + ", Holm-adjusted over " + comparisons + " comparisons: " + formatP(pAdjusted);
    }

    static String formatP(double p) {
        if (Double.isNaN(p)) return "–";
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
