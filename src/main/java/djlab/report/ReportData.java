package djlab.report;

import djlab.results.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's numbers as data instead of a page: what {@code djlab serve} shows. Every figure comes from the same
 * classes {@code djlab report} lays out (Results, Comparison, Contrasts, Curves, Content), so the dashboard and the
 * report cannot disagree; nothing here computes a statistic of its own. Pictures are not made here (they need the
 * trained networks and the data): the dashboard shows those a report has already written.
 */
public final class ReportData {

    /** A table as the report shows it: header, rows of display text, and which cells the report marks best. */
    public record Grid(List<String> header, List<List<String>> rows, List<List<Boolean>> best) {}

    /** One line of an overlay: a variant's mean curve and the 95% band of the mean (NaN where there is none). */
    public record Band(String name, double[] x, double[] mean, double[] low, double[] high) {}

    /** One chart of the sweep's curves overlaid, one band per variant. */
    public record Overlay(String title, String x, String y, List<Band> bands) {}

    /** A variant: its name, swept values, run-ids (by seed), the best run's id and the prefix of its pictures. */
    public record VariantInfo(String name, Map<String, String> values, List<String> runs, String best,
            String picturePrefix) {}

    /** One run as a point of the parallel-coordinates view: its swept values against the objective. */
    public record Trial(String run, String variant, Long seed, String status, Map<String, String> values,
            double objective) {}

    /** A run the means leave out, and why. */
    public record Left(String run, String title, String status, String error) {}

    /** The significance table, with a CSS class per row (sig, nosig, few) and the report's note on pairs left out. */
    public record Verdicts(Grid grid, List<String> kinds, String leftOut) {}

    public record Sweep(String title, int runs, int completed, List<String> inProgress, List<String> factors,
            List<String> findings,
            List<VariantInfo> variants, Grid comparison, Grid moreMetrics, List<Left> notCompleted,
            Verdicts significance, List<Overlay> overlays, String objective, List<String> axes, List<Trial> trials,
            Grid specs, Set<String> differing, Grid environment) {}

    private ReportData() {}

    /**
     * The report of a sweep folder (or a run folder) as data.
     *
     * @throws djlab.spec.BadInputException when {@code dir} does not exist or holds no run folder
     */
    public static Sweep sweep(Path dir) {
        List<RunResult> all = Results.runsUnder(dir);
        // A run still training has no summary yet, so nothing says which variant it belongs to: it would form a
        // variant of its own. It joins the tables when it ends; until then it is only listed.
        List<RunResult> runs = all.stream().filter(r -> !r.readable() || !r.summary().isMissingNode()).toList();
        List<String> inProgress = all.stream().filter(r -> r.readable() && r.summary().isMissingNode())
                .map(ReportData::id).toList();
        List<RunResult> unreadable = runs.stream().filter(r -> !r.readable()).toList();
        List<Variant> variants = Results.variants(runs, null);
        Comparison comparison = Comparison.of(variants);
        List<Contrasts.Contrast> contrasts = Contrasts.of(variants);
        Content content = new Content(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                List.of(dir), "", runs, variants, comparison, contrasts, List.of(), List.of(), List.of(),
                Content.SpecTable.of(variants), Content.EnvTable.of(runs), unreadable, List.of(), List.of());
        List<VariantInfo> infos = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            infos.add(new VariantInfo(v.name(), v.values(), v.runs().stream().map(ReportData::id).toList(),
                    v.best() == null ? null : id(v.best()), String.format(Locale.ROOT, "variant-%02d", i + 1)));
        }
        List<Left> left = runs.stream().filter(r -> !r.completed())
                .map(r -> new Left(id(r), r.title(), r.status(), r.readable() ? r.error() : r.unreadable())).toList();
        long completed = runs.stream().filter(RunResult::completed).count();
        return new Sweep(content.title(), runs.size(), (int) completed, inProgress, content.factors(),
                content.findings(), infos,
                comparison(comparison), moreMetrics(variants), left, verdicts(contrasts), overlays(variants),
                "final test acc (%)", axes(variants), trials(variants), specs(content.specs()),
                content.specs().differing(), environment(content.environments()));
    }

    /** A run's folder name, as the dashboard names it (the sweep's runs are one folder each). */
    private static String id(RunResult run) {
        return run.id();
    }

    private static Grid comparison(Comparison table) {
        List<String> header = new ArrayList<>(List.of("variant", "seeds (n)"));
        for (Comparison.Column col : Comparison.Column.values()) {
            header.add(col.title);
            if (col == Comparison.Column.FINAL_ACCURACY) header.add("95% CI of mean (%)");
        }
        List<List<String>> rows = new ArrayList<>();
        List<List<Boolean>> best = new ArrayList<>();
        for (Comparison.Row row : table.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.variant().name(), Comparison.count(row)));
            List<Boolean> marks = new ArrayList<>(List.of(false, false));
            for (Comparison.Column col : Comparison.Column.values()) {
                cells.add(Comparison.cell(row, col));
                marks.add(table.isBest(row, col));
                if (col == Comparison.Column.FINAL_ACCURACY) {
                    cells.add(Comparison.interval(row));
                    marks.add(false);
                }
            }
            rows.add(cells);
            best.add(marks);
        }
        return new Grid(header, rows, best);
    }

    private static Grid moreMetrics(List<Variant> variants) {
        MoreMetrics.Table more = MoreMetrics.of(variants);
        if (more.isEmpty()) return null;
        List<String> header = new ArrayList<>(List.of("variant"));
        more.metrics().forEach(m -> header.add(MoreMetrics.title(m)));
        return new Grid(header, more.rows(), null);
    }

    private static Verdicts verdicts(List<Contrasts.Contrast> contrasts) {
        List<String> header = List.of("factor", "held fixed", "A", "B", "n (A, B)", "B − A (pp)", "95% CI (pp)", "p",
                "verdict");
        List<List<String>> rows = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Contrasts.Contrast k : Contrasts.shown(contrasts)) {
            Significance s = k.result();
            String a = Contrasts.side(k, k.a());
            String b = Contrasts.side(k, k.b());
            rows.add(List.of(k.factor(), k.context().isEmpty() ? "–" : k.context(), a, b, s.a().n() + ", " + s.b().n(),
                    Text.points(s.difference()), Text.interval(s.ciLow(), s.ciHigh()), Significance.formatP(s.p()),
                    s.verdict().text + ": " + s.detail(a, b)));
            kinds.add(switch (s.verdict()) {
                case SIGNIFICANT -> "sig";
                case NOT_RESOLVED -> "nosig";
                case NOT_ENOUGH_SEEDS -> "few";
            });
        }
        return new Verdicts(new Grid(header, rows, null), kinds, Contrasts.leftOut(contrasts));
    }

    private static List<Overlay> overlays(List<Variant> variants) {
        List<Overlay> out = new ArrayList<>();
        for (Curves.Measure m : Curves.OVERLAYS) {
            List<Band> bands = new ArrayList<>();
            String x = m.perIteration() ? "iteration" : "epoch";
            for (Variant v : variants) {
                Charts.Band band = Curves.band(v, m.perIteration() ? RunResult::iterations : RunResult::epochs, x,
                        m.column(), m.scale());
                if (band != null) bands.add(new Band(band.name(), band.x(), band.mean(), band.low(), band.high()));
            }
            if (!bands.isEmpty()) out.add(new Overlay(m.title(), x, m.axis(), bands));
        }
        return out;
    }

    /** The swept fields, in the order the variants name them. */
    private static List<String> axes(List<Variant> variants) {
        Set<String> keys = new LinkedHashSet<>();
        variants.forEach(v -> keys.addAll(v.values().keySet()));
        return List.copyOf(keys);
    }

    private static List<Trial> trials(List<Variant> variants) {
        List<Trial> out = new ArrayList<>();
        for (Variant v : variants) {
            for (RunResult r : v.runs()) {
                out.add(new Trial(id(r), v.name(), r.seed(), r.status(), new TreeMap<>(v.values()),
                        r.completed() ? r.metric(Metrics.TEST_ACCURACY, "last") * 100 : Double.NaN));
            }
        }
        return out;
    }

    private static Grid specs(Content.SpecTable t) {
        List<String> header = new ArrayList<>(List.of("field"));
        t.variants().forEach(v -> header.add(v.name()));
        List<List<String>> rows = new ArrayList<>();
        List<String> seeds = new ArrayList<>(List.of("seeds"));
        t.variants().forEach(v -> seeds.add(v.seeds().toString().replaceAll("[\\[\\]]", "")));
        rows.add(seeds);
        for (String key : t.keys()) {
            List<String> row = new ArrayList<>(List.of(key));
            t.specs().forEach(s -> row.add(s.getOrDefault(key, "–")));
            rows.add(row);
        }
        return new Grid(header, rows, null);
    }

    private static Grid environment(Content.EnvTable t) {
        List<String> header = new ArrayList<>(List.of("field"));
        for (List<RunResult> group : t.runs()) {
            header.add(t.runs().size() == 1 ? "all runs" : group.size() + (group.size() == 1 ? " run: " : " runs: ")
                    + String.join(", ", group.stream().map(RunResult::title).toList()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (String key : t.keys()) {
            List<String> row = new ArrayList<>(List.of(key));
            t.environments().forEach(e -> row.add(e.getOrDefault(key, "–")));
            rows.add(row);
        }
        return new Grid(header, rows, null);
    }

    /** A spec (or any tree) as the report compares specs: dotted keys to display values, in file order. */
    public static Map<String, String> flatten(JsonNode spec) {
        return new LinkedHashMap<>(SpecTree.flatten(spec));
    }

    /** The keys whose values are not the same in all the given flattened specs, as the report highlights them. */
    public static Set<String> differingKeys(List<Map<String, String>> specs) {
        return specs.size() < 2 ? Set.of() : Results.differingKeys(specs);
    }
}
