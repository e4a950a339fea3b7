package djlab.report;

import java.util.Locale;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Whether two variants' final test accuracies differ by more than seed-to-seed noise: Welch's t-test (no assumption of
 * equal variances), with the 95% interval of the difference of means on Welch–Satterthwaite degrees of freedom.
 *
 * @param difference mean of b minus mean of a
 */
record Significance(Stats a, Stats b, double difference, double p, double ciLow, double ciHigh, Verdict verdict) {

    static final double ALPHA = 0.05;
    static final int MIN_SEEDS = 2;

    enum Verdict {
        NOT_ENOUGH_SEEDS("not enough seeds"),
        SIGNIFICANT("significant"),
        NOT_SIGNIFICANT("not significant");

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
            return new Significance(sa, sb, difference, Double.NaN, Double.NaN, Double.NaN, Verdict.NOT_ENOUGH_SEEDS);
        }
        double va = sa.std() * sa.std() / sa.n();
        double vb = sb.std() * sb.std() / sb.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            // Every seed gave the same value on both sides: the t statistic is 0/0 or infinite, the answer is plain.
            boolean same = difference == 0;
            return new Significance(sa, sb, difference, same ? 1 : 0, difference, difference,
                    same ? Verdict.NOT_SIGNIFICANT : Verdict.SIGNIFICANT);
        }
        double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
        double half = Stats.tQuantile(df) * se;
        double p = new TTest().tTest(clean(a), clean(b));
        return new Significance(sa, sb, difference, p, difference - half, difference + half,
                p < ALPHA ? Verdict.SIGNIFICANT : Verdict.NOT_SIGNIFICANT);
    }

    private static double[] clean(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    /** What follows the verdict in the table: the size of the difference, or why there is no verdict. */
    String detail(String nameA, String nameB) {
        return switch (verdict) {
            case NOT_ENOUGH_SEEDS -> String.format(Locale.ROOT, "n = %d and %d, need %d per side", a.n(), b.n(), MIN_SEEDS);
            case SIGNIFICANT -> String.format(Locale.ROOT, "%s better by %.2f pp", difference > 0 ? nameB : nameA,
                    Math.abs(difference) * 100);
            case NOT_SIGNIFICANT -> "the difference is within seed-to-seed noise";
        };
    }

    /** One sentence on accuracies, in percentage points: what a student would write under the table. */
    String sentence(String nameA, String nameB) {
        return switch (verdict) {
            case NOT_ENOUGH_SEEDS -> String.format(Locale.ROOT, "not enough seeds (n = %d and %d; need %d per side)",
                    a.n(), b.n(), MIN_SEEDS);
            case SIGNIFICANT -> String.format(Locale.ROOT, "%s is better by %.2f pp (%s)",
                    difference > 0 ? nameB : nameA, Math.abs(difference) * 100, pText(p));
            case NOT_SIGNIFICANT -> String.format(Locale.ROOT, "%s pp, no meaningful difference at these seeds (%s)",
                    Text.points(difference), pText(p));
        };
    }

    private static String pText(double p) {
        return p < 0.001 ? "p < 0.001" : "p = " + formatP(p);
    }

    static String formatP(double p) {
        if (Double.isNaN(p)) return "–";
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
