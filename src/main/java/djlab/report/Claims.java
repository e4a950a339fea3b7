package djlab.report;

import djlab.report.Study.Claim;
import djlab.report.Study.PointKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * A study's published numbers beside what DJLab's runs measured at the same point of training: each claim's runs, mean
 * ± sd and 95% interval, the budget on each side, and a verdict from a one-sample t-test of the runs against the
 * published constant, Holm-corrected over the claims checked together. Pure computation: nothing is written.
 */
final class Claims {

    enum Verdict {
        CONSISTENT("consistent"),
        HIGHER("higher"),
        LOWER("lower"),
        NOT_RESOLVED("not resolved"),
        NOT_MEASURED("not measured"),
        /** A number the claims file marks {@code compare: false}: a time on another machine, say. */
        NOT_COMPARED("not compared");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** Training done by the point a number is read at: epochs, updates and their batch size (null: unknown). */
    record Spent(Double epochs, Long iterations, Integer batchSize) {
        String describe() {
            List<String> parts = new ArrayList<>();
            if (epochs != null) parts.add(String.format(Locale.ROOT, epochs % 1 == 0 ? "%.0f epoch%s" : "%.2f epoch%s",
                    epochs, epochs == 1 ? "" : "s"));
            if (iterations != null) parts.add(String.format(Locale.ROOT, "%,d iterations", iterations));
            if (batchSize != null) parts.add("batch " + batchSize);
            return parts.isEmpty() ? "not stated" : String.join(", ", parts);
        }

        /** Whether two budgets differ in anything both state (updates by more than 1%). */
        boolean differs(Spent other) {
            if (epochs != null && other.epochs != null && Math.abs(epochs - other.epochs) > 1e-9) return true;
            if (batchSize != null && other.batchSize != null && !batchSize.equals(other.batchSize)) return true;
            return iterations != null && other.iterations != null
                    && Math.abs(iterations - other.iterations) > 0.01 * Math.max(iterations, other.iterations);
        }
    }

    /**
     * One claim checked.
     *
     * @param values DJLab's measurement in each completed run of the claim's variant (NaN where it could not be read)
     * @param pAdjusted Holm-adjusted over the claims of the table
     * @param detail what the verdict rests on, or why there is none
     */
    record Row(Claim claim, Variant variant, double[] values, Stats stats, Spent report, Spent djlab,
            boolean budgetDiffers, double p, double pAdjusted, Verdict verdict, String detail) {
        String mean() {
            if (stats.n() == 0) return "–";
            String unit = claim.isAccuracy() ? " %" : "";
            String text = claim.format(stats.mean()).replace(" %", "");
            if (stats.hasSpread()) text += " ± " + claim.format(stats.std()).replace(" %", "");
            return text + unit + " (n = " + stats.n() + ")";
        }

        String interval() {
            return stats.hasSpread() ? claim.format(stats.ciLow()).replace(" %", "") + " – " + claim.format(stats.ciHigh())
                    : "–";
        }
    }

    private Claims() {}

    /** Every claim of the study checked against the variants (of any folder) that ran its sweep and variant. */
    static List<Row> check(Study study, List<Variant> variants) {
        List<Row> raw = new ArrayList<>();
        for (Claim claim : study.claims()) raw.add(measure(claim, find(variants, claim)));
        return corrected(raw);
    }

    private static Variant find(List<Variant> variants, Claim claim) {
        for (Variant v : variants) {
            for (RunResult r : v.runs()) {
                if (claim.sweep().equals(r.name()) && claim.variant().equals(r.variant())) return v;
            }
        }
        return null;
    }

    private static Row measure(Claim claim, Variant variant) {
        Spent report = reportSpent(claim);
        if (variant == null || variant.completed().isEmpty()) {
            return new Row(claim, variant, new double[0], Stats.of(new double[0]), report, new Spent(null, null, null),
                    false, Double.NaN, Double.NaN, Verdict.NOT_MEASURED, variant == null
                            ? "no run of " + claim.sweep() + " / " + claim.variant() + " in these results"
                            : "no completed run of this variant");
        }
        List<RunResult> runs = variant.completed();
        double[] values = runs.stream().mapToDouble(r -> value(r, claim)).toArray();
        Stats stats = claim.isAccuracy() ? Stats.of(values).within(0, 1) : Stats.of(values);
        Spent djlab = djlabSpent(runs.get(0), claim);
        long missing = Arrays.stream(values).filter(Double::isNaN).count();
        // Iterations to a threshold every run reached do not depend on how long the runs went on: only the batch
        // size matters then.
        boolean differs = claim.point().kind() == PointKind.ITERATIONS_TO && missing == 0
                ? new Spent(null, null, djlab.batchSize()).differs(new Spent(null, null, report.batchSize()))
                : djlab.differs(report);
        String note = missing == 0 ? "" : missing + " of " + values.length + " runs "
                + (claim.point().kind() == PointKind.ITERATIONS_TO ? "never reached it" : "did not record this point");
        if (stats.n() == 0) {
            return new Row(claim, variant, values, stats, report, djlab, differs, Double.NaN, Double.NaN,
                    Verdict.NOT_MEASURED, notMeasured(claim));
        }
        if (!claim.compare()) {
            return new Row(claim, variant, values, stats, report, djlab, differs, Double.NaN, Double.NaN,
                    Verdict.NOT_COMPARED, join(claim.note() == null ? "" : claim.note(), note));
        }
        if (stats.n() == 1) {
            return new Row(claim, variant, values, stats, report, djlab, differs, Double.NaN, Double.NaN,
                    Verdict.NOT_RESOLVED, join("n = 1: one run has no spread to test against", note));
        }
        double p = stats.std() == 0 ? (stats.mean() == claim.value() ? 1 : 0)
                : new TTest().tTest(claim.value(), clean(values));
        return new Row(claim, variant, values, stats, report, djlab, differs, p, p, null, note);
    }

    /** The verdicts once every claim's p is known: Holm over the table, then the margin decides "consistent". */
    private static List<Row> corrected(List<Row> rows) {
        double[] p = rows.stream().mapToDouble(r -> r.verdict() == null ? r.p() : Double.NaN).toArray();
        double[] adjusted = Significance.holm(p);
        int m = (int) Arrays.stream(p).filter(x -> !Double.isNaN(x)).count();
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.verdict() != null) {
                out.add(r);
                continue;
            }
            Claim c = r.claim();
            Stats s = r.stats();
            boolean within = s.ciLow() >= c.value() - c.margin() && s.ciHigh() <= c.value() + c.margin();
            Verdict verdict;
            String detail;
            if (within) {
                verdict = Verdict.CONSISTENT;
                detail = "the 95% interval lies within " + margin(c) + " of the report's value";
            } else if (adjusted[i] < Significance.ALPHA) {
                verdict = s.mean() > c.value() ? Verdict.HIGHER : Verdict.LOWER;
                detail = String.format(Locale.ROOT, "by %s (%s; Holm over %d claims: %s)", difference(c, s.mean() - c.value()),
                        Significance.pPhrase(r.p()), m, Significance.formatP(adjusted[i]));
            } else {
                verdict = Verdict.NOT_RESOLVED;
                double se = s.std() / Math.sqrt(s.n());
                double detectable = Significance.detectable(se, s.n() - 1, Significance.ALPHA / Math.max(1, m));
                detail = c.isAccuracy() && detectable >= 1
                        ? String.format(Locale.ROOT, "n = %d; %s (%s)", s.n(), Significance.TOO_SPREAD,
                                Significance.pPhrase(r.p()))
                        : String.format(Locale.ROOT, "n = %d; a difference below %s could not be seen (%s)", s.n(),
                                difference(c, detectable), Significance.pPhrase(r.p()));
            }
            out.add(new Row(c, r.variant(), r.values(), s, r.report(), r.djlab(), r.budgetDiffers(), r.p(), adjusted[i],
                    verdict, join(detail, r.detail())));
        }
        return out;
    }

    /** DJLab's number for a claim in one run, from summary.json, epochs.csv or iterations.csv; NaN if not there. */
    static double value(RunResult run, Claim claim) {
        return claim.scale() * unscaled(run, claim);
    }

    private static double unscaled(RunResult run, Claim claim) {
        String metric = claim.metric();
        if (claim.isRunNumber()) return run.number(metric);
        double at = claim.point().at();
        double perEpoch = iterationsPerEpoch(run);
        return switch (claim.point().kind()) {
            case FINAL -> run.metric(metric, "last");
            case BEST -> run.metric(metric, "best");
            case AFTER_EPOCHS -> epochValue(run, metric, (int) at);
            case AFTER_ITERATIONS -> {
                if (perEpoch > 0 && Math.abs(at / perEpoch - Math.rint(at / perEpoch)) < 1e-9) {
                    yield epochValue(run, metric, (int) Math.rint(at / perEpoch));
                }
                yield iterationValue(run, metric, at);
            }
            case ITERATIONS_TO -> iterationsTo(run, metric, at, perEpoch);
        };
    }

    private static double epochValue(RunResult run, String metric, int epoch) {
        double[] column = run.epochs().column(metric);
        double[] epochs = run.epochs().column("epoch");
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] == epoch) return column[i];
        }
        return Double.NaN;
    }

    private static double iterationValue(RunResult run, String metric, double iteration) {
        if (!run.iterations().has(metric)) return Double.NaN;
        double[] iterations = run.iterations().column("iteration");
        double[] column = run.iterations().column(metric);
        for (int i = 0; i < iterations.length; i++) {
            if (iterations[i] == iteration) return column[i];
        }
        return Double.NaN;
    }

    /**
     * The first iteration at which the metric reached the threshold: from summary.json's {@code iterations_to} when
     * the run recorded it, else the first epoch end (or, for a train metric, the first logged window) that reached it.
     */
    private static double iterationsTo(RunResult run, String metric, double threshold, double perEpoch) {
        var recorded = run.summary().path("iterations_to").path(metric).path(Double.toString(threshold));
        if (recorded.isNumber()) return recorded.asDouble();
        if (run.iterations().has(metric)) {
            double[] iterations = run.iterations().column("iteration");
            double[] column = run.iterations().column(metric);
            for (int i = 0; i < column.length; i++) {
                if (column[i] >= threshold) return iterations[i];
            }
            return Double.NaN;
        }
        double[] epochs = run.epochs().column("epoch");
        double[] column = run.epochs().column(metric);
        for (int i = 0; i < column.length; i++) {
            if (column[i] >= threshold && perEpoch > 0) return epochs[i] * perEpoch;
        }
        return Double.NaN;
    }

    private static double iterationsPerEpoch(RunResult run) {
        double iterations = run.number("iterations");
        double epochs = run.number("epochs_completed");
        return epochs > 0 ? iterations / epochs : Double.NaN;
    }

    private static Spent reportSpent(Claim claim) {
        Study.Budget b = claim.budget();
        return switch (claim.point().kind()) {
            case AFTER_EPOCHS -> new Spent(claim.point().at(), b.iterations(claim.point().at()), b.batchSize());
            case AFTER_ITERATIONS -> new Spent(null, (long) claim.point().at(), b.batchSize());
            default -> new Spent(b.epochs() == null ? null : b.epochs().doubleValue(),
                    b.epochs() == null ? null : b.iterations(b.epochs()), b.batchSize());
        };
    }

    private static Spent djlabSpent(RunResult run, Claim claim) {
        double perEpoch = iterationsPerEpoch(run);
        Integer batch = run.spec().path("train").path("batch_size").isInt()
                ? run.spec().path("train").path("batch_size").asInt() : null;
        return switch (claim.point().kind()) {
            case AFTER_EPOCHS -> new Spent(claim.point().at(),
                    Double.isNaN(perEpoch) ? null : Math.round(claim.point().at() * perEpoch), batch);
            case AFTER_ITERATIONS -> new Spent(null, (long) claim.point().at(), batch);
            default -> new Spent(run.number("epochs_completed"), Math.round(run.number("iterations")), batch);
        };
    }

    private static String notMeasured(Claim claim) {
        return switch (claim.point().kind()) {
            case AFTER_ITERATIONS -> "DJLab evaluates the test set at epoch ends and logs train metrics every log_every "
                    + "iterations: iteration " + (long) claim.point().at() + " is neither";
            case AFTER_EPOCHS -> "the runs ended before epoch " + (long) claim.point().at();
            case ITERATIONS_TO -> "no run reached " + claim.format(claim.point().at()) + " within its budget";
            default -> "the runs did not record " + claim.metric();
        };
    }

    private static String margin(Claim c) {
        return c.point().kind() == PointKind.ITERATIONS_TO ? String.format(Locale.ROOT, "%,.0f iterations", c.margin())
                : c.isAccuracy() ? String.format(Locale.ROOT, "%.2f pp", c.margin() * 100)
                : String.format(Locale.ROOT, "%.4f", c.margin());
    }

    /** A difference (or a detectable size) in the claim's unit. */
    private static String difference(Claim c, double d) {
        double size = Math.abs(d);
        if (c.point().kind() == PointKind.ITERATIONS_TO) return String.format(Locale.ROOT, "%,.0f iterations", size);
        return c.isAccuracy() ? String.format(Locale.ROOT, "%.2f pp", size * 100) : c.format(size);
    }

    private static String join(String a, String b) {
        return b == null || b.isEmpty() ? a : a + "; " + b;
    }

    private static double[] clean(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }

}
