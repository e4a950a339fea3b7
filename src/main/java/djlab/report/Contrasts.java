package djlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pairs of variants whose difference answers a question: two levels of one swept field, all other swept fields
 * equal ("batchnorm: false vs true at lr=0.1"). A variant with no such partner is paired with its sweep's baseline
 * when its study names one (an ablation: each change against the unchanged network), else with every other variant
 * (runs compared across unrelated folders), so nothing is left out.
 */
final class Contrasts {

    /** Enough for a 4x3 grid of variants; beyond that (random search) the table stops being read. */
    static final int MAX_PAIRS = 60;

    /** The pairs a report shows, and how many it leaves out. */
    static List<Contrast> shown(List<Contrast> all) {
        return all.size() > MAX_PAIRS ? all.subList(0, MAX_PAIRS) : all;
    }

    static String leftOut(List<Contrast> all) {
        return all.size() > MAX_PAIRS ? (all.size() - MAX_PAIRS) + " more pairs left out: with this many variants, "
                + "compare the table above instead" : null;
    }

    /**
     * @param factor the field whose levels differ, or the differing fields joined when the pair differs in several
     * @param context the other fields' values shared by both sides ("" when none)
     * @param metric the accuracy both sides are compared on, final value of each seed
     */
    record Contrast(String factor, String context, Variant a, Variant b, Significance result, String metric) {}

    private Contrasts() {}

    static List<Contrast> of(List<Variant> variants) {
        return of(variants, djlab.results.Metrics.TEST_ACCURACY, Set.of());
    }

    /**
     * @param metric the accuracy compared (a study's {@code metric}: 000 is judged on validation accuracy)
     * @param baselines variants an ablation compares each of its sweep's other variants with, instead of all pairs
     */
    static List<Contrast> of(List<Variant> variants, String metric, Set<Variant> baselines) {
        List<Contrast> out = new ArrayList<>();
        Set<Variant> paired = new LinkedHashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
                Variant a = variants.get(i);
                Variant b = variants.get(j);
                List<String> differing = differing(a, b);
                // Labelled variants differ in their label alone: in an ablation only the pairs with its baseline count.
                boolean labels = differing.equals(List.of(djlab.sweep.SweepExpansion.VARIANT));
                if (differing.size() == 1 && (!labels || againstBaseline(a, b, baselines))) {
                    out.add(contrast(differing.get(0), a, b, metric, baselines));
                    paired.add(a);
                    paired.add(b);
                }
            }
        }
        for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
                Variant a = variants.get(i);
                Variant b = variants.get(j);
                if ((!paired.contains(a) || !paired.contains(b)) && againstBaseline(a, b, baselines)) {
                    List<String> differing = differing(a, b);
                    out.add(contrast(differing.isEmpty() ? "variant" : String.join(", ", differing), a, b, metric, baselines));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Contrast::factor));
        return corrected(out);
    }

    /** The family's verdicts with Holm's correction for the number of differences tested in one report. */
    static List<Contrast> corrected(List<Contrast> contrasts) {
        double[] p = contrasts.stream().mapToDouble(c -> c.result().verdict() == Significance.Verdict.NOT_ENOUGH_SEEDS
                ? Double.NaN : c.result().p()).toArray();
        double[] adjusted = Significance.holm(p);
        int m = (int) java.util.Arrays.stream(p).filter(x -> !Double.isNaN(x)).count();
        List<Contrast> out = new ArrayList<>();
        for (int i = 0; i < contrasts.size(); i++) {
            Contrast c = contrasts.get(i);
            out.add(Double.isNaN(p[i]) ? c
                    : new Contrast(c.factor(), c.context(), c.a(), c.b(), c.result().corrected(adjusted[i], m), c.metric()));
        }
        return out;
    }

    /**
     * Whether a pair without a one-factor relation is tested: always, unless the sweep of its variants has a baseline
     * and neither side is it.
     */
    private static boolean againstBaseline(Variant a, Variant b, Set<Variant> baselines) {
        if (baselines.isEmpty() || baselines.contains(a) || baselines.contains(b)) return true;
        return baselines.stream().map(Variant::sweep)
                .noneMatch(s -> Objects.equals(s, a.sweep()) || Objects.equals(s, b.sweep()));
    }

    private static Contrast contrast(String factor, Variant a, Variant b, String metric, Set<Variant> baselines) {
        // Against a baseline the question is "what did this change do": the baseline is always A.
        return baselines.contains(b) ? contrast(factor, b, a, metric) : contrast(factor, a, b, metric);
    }

    private static Contrast contrast(String factor, Variant a, Variant b, String metric) {
        Map<String, String> shared = new LinkedHashMap<>();
        a.values().forEach((k, v) -> {
            if (!k.equals(factor) && Objects.equals(b.values().get(k), v)) shared.put(k, v);
        });
        Significance s = Significance.welch(a.finalValues(metric), b.finalValues(metric));
        return new Contrast(factor, Results.describe(shared), a, b, djlab.results.Metrics.isAccuracy(metric) ? s.within(-1, 1) : s,
                metric);
    }

    private static List<String> differing(Variant a, Variant b) {
        Set<String> keys = new java.util.TreeSet<>(a.values().keySet());
        keys.addAll(b.values().keySet());
        return keys.stream().filter(k -> !Objects.equals(a.values().get(k), b.values().get(k))).toList();
    }

    /** The paragraph above the table: what is tested, how, and how to read "not resolved". */
    static String explanation(List<Contrast> all) {
        long tested = all.stream().filter(c -> c.result().verdict() != Significance.Verdict.NOT_ENOUGH_SEEDS).count();
        String metric = all.isEmpty() ? djlab.results.Metrics.TEST_ACCURACY : all.get(0).metric();
        String what = metric.equals(djlab.results.Metrics.TEST_ACCURACY) ? "test accuracy"
                : metric.replace('_', ' ').replace("validate ", "validation ");
        return "Final " + what + " of B minus A in percentage points, for each swept factor with the others held "
                + "fixed (in an ablation, each variant against its baseline). Welch's t-test over the seeds of each "
                + "side (unequal variances); the verdict uses p corrected "
                + "with Holm's method for the " + tested + " comparison" + (tested == 1 ? "" : "s") + " in this report, "
                + "at the 5% level. \"Not resolved\" is not \"no difference\": it gives the smallest difference these "
                + "seeds could have detected (80% power at the corrected level); a smaller one may exist. Below 2 seeds "
                + "on a side there is no estimate of the noise, so no verdict.";
    }

    /** How one side is named in its contrast: the level of the factor when there is one, else the variant. */
    static String side(Contrast c, Variant v) {
        String level = v.values().get(c.factor());
        if (level == null) return v.name();
        // A sweep's variant labels need no field name: "momentum vs primal", not "variants=momentum vs variants=primal".
        return c.factor().equals(djlab.sweep.SweepExpansion.VARIANT) ? level : SpecTree.shortKey(c.factor()) + "=" + level;
    }
}
