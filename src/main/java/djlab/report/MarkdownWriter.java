package djlab.report;

import djlab.results.Metrics;
import static djlab.report.Text.md;

import java.util.List;
import java.util.Map;

/**
 * The report as Markdown for a README or a paper: the same tables, and the pictures as PNG files in the
 * {@code report/} folder beside it, referenced by relative path.
 */
final class MarkdownWriter {

    private final StringBuilder out = new StringBuilder(1 << 16);
    private final String folder;

    private MarkdownWriter(String folder) {
        this.folder = folder;
    }

    /** @param folder the pictures' folder relative to the Markdown file */
    static String render(Content c, String folder) {
        return new MarkdownWriter(folder).document(c);
    }

    private String document(Content c) {
        long completed = c.runs().stream().filter(RunResult::completed).count();
        out.append("# ").append(c.title()).append("\n\n").append(c.runs().size()).append(" runs (").append(completed)
                .append(" completed) in ").append(c.variants().size()).append(" variants")
                .append(c.unreadable().isEmpty() ? "" : ", " + c.unreadable().size() + " unreadable (counted nowhere)")
                .append(", made ").append(c.made())
                .append(" by DJLab.");
        List<String> factors = c.factors();
        if (!factors.isEmpty()) out.append(" Varied: ").append(md(String.join("; ", factors))).append('.');
        out.append("\n\n");
        for (String line : c.headline()) {
            int colon = line.indexOf(": ");
            out.append("**").append(md(line.substring(0, colon))).append(":** ").append(md(line.substring(colon + 2)))
                    .append("\n\n");
        }
        for (String warning : c.warnings()) out.append("> **Warning:** ").append(md(warning)).append("\n\n");
        for (String finding : c.findings()) out.append("- ").append(md(finding)).append('\n');
        out.append('\n');
        comparison(c);
        significance(c);
        search(c);
        claims(c);
        if (!c.overlays().isEmpty()) {
            out.append("## Curves across variants\n\nOne line per variant: the mean over its seeds; the shaded band is "
                    + "the 95% confidence interval of that mean where a variant has two seeds or more.\n\n");
            c.overlays().forEach(this::figure);
        }
        out.append("## Networks: the best run of each variant\n\n");
        for (Content.VariantPictures p : c.pictures()) {
            out.append("### ").append(md(p.variant().name())).append("\n\n");
            if (p.best() != null) {
                out.append("Best run: ").append(md(p.best().title())).append(", final test accuracy ")
                        .append(Text.percent(p.best().metric(Metrics.TEST_ACCURACY, "last"))).append(".\n\n");
            }
            p.figures().forEach(this::figure);
        }
        out.append("## Runs\n\n");
        for (Content.RunCurves rc : c.curves()) {
            RunResult r = rc.run();
            out.append("### ").append(md(rc.heading())).append(" (").append(Text.mdCode(r.id())).append(")\n\n").append(md(r.status()))
                    .append(", final test accuracy ").append(Text.percent(r.metric(Metrics.TEST_ACCURACY, "last")))
                    .append(", ").append(Text.seconds(r.number("wall_seconds"))).append(".\n\n");
            rc.figures().forEach(this::figure);
        }
        specs(c);
        environment(c);
        return out.toString();
    }

    private void comparison(Content c) {
        Comparison table = c.comparison();
        out.append("## Comparison\n\n| variant | seeds (n) |");
        StringBuilder rule = new StringBuilder("|:--|--:|");
        for (Comparison.Column col : Comparison.Column.values()) {
            out.append(' ').append(col.title).append(" |");
            rule.append("--:|");
            if (col == Comparison.Column.FINAL_ACCURACY) {
                out.append(" 95% CI of mean (%) |");
                rule.append("--:|");
            }
        }
        out.append('\n').append(rule).append('\n');
        for (Comparison.Row row : table.rows()) {
            out.append("| ").append(md(row.variant().name())).append(" | ").append(Comparison.count(row)).append(" |");
            for (Comparison.Column col : Comparison.Column.values()) {
                String cell = md(Comparison.cell(row, col));
                out.append(' ').append(table.isBest(row, col) ? "**" + cell + "** \u2605" : cell).append(" |");
                if (col == Comparison.Column.FINAL_ACCURACY) out.append(' ').append(Comparison.interval(row)).append(" |");
            }
            out.append('\n');
        }
        out.append("\nMean ± standard deviation over the completed seeds; \u2605 marks the best mean of each column. "
                + "The 95% CI is Student's t interval of the mean final test accuracy, cut at 0 and 100%.\n\n");
        MoreMetrics.Table more = MoreMetrics.of(c.variants());
        if (!more.isEmpty()) {
            out.append("More metrics (final value, mean ± std over seeds; a run with several output heads has each "
                    + "head's accuracy and that of every head right, e.g. both digits):\n\n| variant |");
            StringBuilder moreRule = new StringBuilder("|:--|");
            for (String metric : more.metrics()) {
                out.append(' ').append(md(MoreMetrics.title(metric))).append(" |");
                moreRule.append("--:|");
            }
            out.append('\n').append(moreRule).append('\n');
            for (java.util.List<String> row : more.rows()) {
                out.append('|');
                for (String cell : row) out.append(' ').append(md(cell)).append(" |");
                out.append('\n');
            }
            out.append('\n');
        }
        for (RunResult r : c.runs()) {
            if (!r.completed()) {
                out.append("- not completed (").append(md(r.status())).append("): ").append(md(r.title())).append(' ')
                        .append(Text.mdCode(r.id())).append(r.error() == null ? "" : ": " + md(r.error())).append('\n');
            }
        }
        for (String line : c.unreadableLines()) out.append("- unreadable, counted nowhere: ").append(md(line)).append('\n');
        out.append('\n');
    }

    private void significance(Content c) {
        if (c.contrasts().isEmpty()) return;
        out.append("## Is the difference meaningful?\n\n").append(md(Contrasts.explanation(c.contrasts()))).append("\n\n")
                .append("| factor | held fixed | A | B | n (A, B) | B − A (pp) | 95% CI (pp) | p | p (Holm) | verdict |\n")
                .append("|:--|:--|:--|:--|--:|--:|--:|--:|--:|:--|\n");
        for (Contrasts.Contrast k : Contrasts.shown(c.contrasts())) {
            Significance s = k.result();
            String a = Contrasts.side(k, k.a());
            String b = Contrasts.side(k, k.b());
            out.append("| ").append(md(k.factor())).append(" | ").append(md(k.context().isEmpty() ? "–" : k.context()))
                    .append(" | ").append(md(a)).append(" | ").append(md(b)).append(" | ").append(s.a().n()).append(", ")
                    .append(s.b().n()).append(" | ").append(Text.points(s.difference())).append(" | ")
                    .append(Text.interval(s.ciLow(), s.ciHigh())).append(" | ").append(Significance.formatP(s.p())).append(" | ").append(Significance.formatP(s.pAdjusted()))
                    .append(" | ").append(s.verdict() == Significance.Verdict.SIGNIFICANT ? "**" + s.verdict().text + "**"
                            : s.verdict().text).append(": ").append(md(s.detail(a, b))).append(" |\n");
        }
        String leftOut = Contrasts.leftOut(c.contrasts());
        out.append(leftOut == null ? "\n" : "\n" + leftOut + ".\n\n");
    }

    private void claims(Content c) {
        if (c.claims().isEmpty()) return;
        out.append("## Claims: the report's numbers beside DJLab's\n\n").append(md(ClaimsText.EXPLANATION)).append("\n\n")
                .append("| claim | report | report's budget | DJLab | 95% CI | DJLab's budget | p (Holm) | verdict |\n")
                .append("|:--|--:|:--|--:|--:|:--|--:|:--|\n");
        for (Claims.Row r : c.claims()) {
            List<String> cells = ClaimsText.cells(r);
            out.append('|');
            for (int i = 0; i < cells.size(); i++) {
                String cell = md(cells.get(i));
                if (i == cells.size() - 1) cell = "**" + md(r.verdict().text) + "**" + md(cells.get(i).substring(r.verdict().text.length()));
                out.append(' ').append(cell).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private void specs(Content c) {
        Content.SpecTable t = c.specs();
        out.append("## Specs\n\nThe resolved spec of each variant; fields in which the variants differ are in bold.\n\n")
                .append("| field |");
        for (Variant v : t.variants()) out.append(' ').append(md(v.name())).append(" |");
        out.append("\n|:--|").append(":--|".repeat(t.variants().size())).append("\n| seeds |");
        for (Variant v : t.variants()) out.append(' ').append(v.seeds().toString().replaceAll("[\\[\\]]", "")).append(" |");
        out.append('\n');
        for (String key : t.keys()) {
            boolean differs = t.differing().contains(key);
            out.append("| ").append(differs ? "**" + md(key) + "**" : md(key)).append(" |");
            for (Map<String, String> spec : t.specs()) {
                String value = md(spec.getOrDefault(key, "–"));
                out.append(' ').append(differs ? "**" + value + "**" : value).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private void environment(Content c) {
        Content.EnvTable t = c.environments();
        out.append("## Environment\n\n");
        if (t.environments().isEmpty()) {
            out.append("No run recorded its environment.\n");
            return;
        }
        out.append("| |");
        for (List<RunResult> runs : t.runs()) {
            out.append(' ').append(t.runs().size() == 1 ? "all runs"
                    : md(String.join(", ", runs.stream().map(RunResult::title).toList()))).append(" |");
        }
        out.append("\n|:--|").append(":--|".repeat(t.runs().size())).append('\n');
        for (String key : t.keys()) {
            out.append("| ").append(md(key)).append(" |");
            for (Map<String, String> env : t.environments()) out.append(' ').append(md(env.getOrDefault(key, "–"))).append(" |");
            out.append('\n');
        }
    }

    private void search(Content c) {
        Search s = c.search();
        if (s == null) return;
        out.append("## Adaptive search\n\n").append(md(s.historyNote()))
                .append(" Dashed lines in the learning curves: the rungs where trials were judged.\n\n");
        s.figures().forEach(this::figure);
        out.append("### Importance of the swept fields\n\n").append(md(s.importanceNote())).append("\n\n");
        if (!s.importance().isEmpty()) table(Search.IMPORTANCE_HEADER, s.importanceRows());
        if (!s.ties().isEmpty()) {
            out.append("### Tied with the best?\n\n").append(md(s.tieNote())).append("\n\n");
            table(Search.TIE_HEADER, s.tieRows());
        }
    }

    private void table(List<String> header, List<List<String>> rows) {
        out.append('|');
        header.forEach(h -> out.append(' ').append(md(h)).append(" |"));
        out.append("\n|");
        for (int i = 0; i < header.size(); i++) out.append(i == 0 || i == header.size() - 1 ? ":--|" : "--:|");
        out.append('\n');
        for (List<String> row : rows) {
            out.append('|');
            row.forEach(cell -> out.append(' ').append(md(cell)).append(" |"));
            out.append('\n');
        }
        out.append('\n');
    }

    private void figure(Figure f) {
        if (f.present()) {
            out.append("![").append(md(f.title())).append("](").append(folder).append('/').append(f.file()).append(")\n\n");
        } else {
            out.append("> **").append(md(f.title())).append("**: not available: ").append(md(f.missing())).append("\n\n");
        }
    }
}
