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
 * equal ("batchnorm: false vs true at lr=0.1"). A variant with no such partner (runs compared across unrelated
 * folders) is paired with every other variant instead, so nothing is left out.
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
     */
    record Contrast(String factor, String context, Variant a, Variant b, Significance result) {}

    private Contrasts() {}

    static List<Contrast> of(List<Variant> variants) {
        List<Contrast> out = new ArrayList<>();
        Set<Variant> paired = new LinkedHashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
                Variant a = variants.get(i);
                Variant b = variants.get(j);
                List<String> differing = differing(a, b);
                if (differing.size() == 1) {
                    out.add(contrast(differing.get(0), a, b));
                    paired.add(a);
                    paired.add(b);
                }
            }
        }
        for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
                Variant a = variants.get(i);
                Variant b = variants.get(j);
                if (!paired.contains(a) || !paired.contains(b)) {
                    List<String> differing = differing(a, b);
                    out.add(contrast(differing.isEmpty() ? "variant" : String.join(", ", differing), a, b));
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
                    : new Contrast(c.factor(), c.context(), c.a(), c.b(), c.result().corrected(adjusted[i], m)));
        }
        return out;
    }

    private static Contrast contrast(String factor, Variant a, Variant b) {
        Map<String, String> shared = new LinkedHashMap<>();
        a.values().forEach((k, v) -> {
            if (!k.equals(factor) && Objects.equals(b.values().get(k), v)) shared.put(k, v);
        });
        return new Contrast(factor, Results.describe(shared), a, b,
                Significance.welch(a.finalTestAccuracies(), b.finalTestAccuracies()));
    }

    private static List<String> differing(Variant a, Variant b) {
        Set<String> keys = new java.util.TreeSet<>(a.values().keySet());
        keys.addAll(b.values().keySet());
        return keys.stream().filter(k -> !Objects.equals(a.values().get(k), b.values().get(k))).toList();
    }

    /** The paragraph above the table: what is tested, how, and how to read "not resolved". */
    static String explanation(List<Contrast> all) {
        long tested = all.stream().filter(c -> c.result().verdict() != Significance.Verdict.NOT_ENOUGH_SEEDS).count();
        return "Final test accuracy of B minus A in percentage points, for each swept factor with the others held "
                + "fixed. Welch's t-test over the seeds of each side (unequal variances); the verdict uses p corrected "
                + "with Holm's method for the " + tested + " comparison" + (tested == 1 ? "" : "s") + " in this report, "
                + "at the 5% level. \"Not resolved\" is not \"no difference\": it gives the smallest difference these "
                + "seeds could have detected (80% power at the corrected level); a smaller one may exist. Below 2 seeds "
                + "on a side there is no estimate of the noise, so no verdict.";
    }

    /** How one side is named in its contrast: the level of the factor when there is one, else the variant. */
    static String side(Contrast c, Variant v) {
        String level = v.values().get(c.factor());
        return level == null ? v.name() : SpecTree.shortKey(c.factor()) + "=" + level;
    }
}
