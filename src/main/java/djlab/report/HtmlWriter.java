package djlab.report;

import djlab.results.Metrics;
import static djlab.report.Text.html;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML file: every picture inlined as a base64 PNG, styles inline, no script, no
 * font or anything else fetched, so it opens offline and survives being mailed.
 */
final class HtmlWriter {

    private static final String STYLE = """
            body{margin:0;background:#f4f5f7;color:#1f2328;font:15px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{max-width:1300px;margin:0 auto;padding:20px 28px 60px;background:#fff;min-height:100vh}
            h1{font-size:26px;margin:8px 0 4px}
            h2{font-size:20px;margin:40px 0 10px;padding-bottom:4px;border-bottom:2px solid #4e79a7}
            h3{font-size:16px;margin:26px 0 6px}
            p.meta{color:#57606a;margin:2px 0}
            div.headline{margin:12px 0;padding:6px 14px;background:#eef4fb;border-left:4px solid #4e79a7}
            div.headline p{margin:6px 0}
            p.warning{margin:12px 0;padding:8px 14px;background:#fff6f5;border-left:4px solid #c9504a;color:#8a2a22}
            ul.findings{margin:12px 0;padding:10px 14px 10px 30px;background:#f1f8f3;border-left:4px solid #59a14f}
            nav{margin:14px 0;padding:8px 12px;background:#f6f8fa;border:1px solid #d8dee4;border-radius:6px;font-size:14px}
            nav a{margin-right:16px;color:#0b5cad;text-decoration:none}
            .scroll{overflow-x:auto}
            table{border-collapse:collapse;font-size:13.5px;margin:6px 0}
            th,td{border:1px solid #d8dee4;padding:4px 9px;text-align:right;vertical-align:top;white-space:nowrap}
            td.wrap{white-space:normal;min-width:260px}
            th{background:#eef2f6;font-weight:600}
            td.l,th.l{text-align:left}
            td.best{background:#dff3e3;font-weight:700}
            td.best:after{content:" \\2605";color:#2e7d32}
            tr.diff td{background:#fff4c2}
            tr.diff td.key{font-weight:700}
            .sig{color:#1a7f37;font-weight:700}
            .nosig{color:#57606a}
            .few{color:#9a6700}
            .note{color:#57606a;font-size:13px;max-width:1100px}
            .grid{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
            figure{margin:0;border:1px solid #e5e8eb;border-radius:4px;padding:6px;background:#fff}
            figure img{display:block;max-width:100%;height:auto}
            figcaption{font-size:12.5px;color:#57606a;margin-top:4px;max-width:560px}
            .missing{width:520px;min-height:80px;padding:14px;border:1px dashed #c9504a;background:#fff6f5;color:#8a2a22;font-size:13.5px}
            .missing b{display:block;margin-bottom:4px;color:#57606a}
            code{font-family:"DejaVu Sans Mono",monospace;font-size:12.5px}
            .status-failed,.status-diverged,.status-unfinished{color:#c9504a;font-weight:700}
            """;

    private final StringBuilder out = new StringBuilder(1 << 20);

    private HtmlWriter() {}

    static String render(Content c) {
        return new HtmlWriter().document(c);
    }

    private String document(Content c) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(html(c.title())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
        header(c);
        comparison(c);
        significance(c);
        search(c);
        claims(c);
        overlays(c);
        pictures(c);
        runs(c);
        specs(c);
        environment(c);
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private void header(Content c) {
        long completed = c.runs().stream().filter(RunResult::completed).count();
        out.append("<h1>").append(html(c.title())).append("</h1>\n");
        out.append("<p class=\"meta\">").append(c.runs().size()).append(c.runs().size() == 1 ? " run" : " runs")
                .append(" (").append(completed).append(" completed) in ").append(c.variants().size())
                .append(c.variants().size() == 1 ? " variant" : " variants")
                .append(c.unreadable().isEmpty() ? "" : ", " + c.unreadable().size() + " unreadable (counted nowhere)")
                .append(" &middot; made ")
                .append(html(c.made())).append(" by DJLab</p>\n");
        for (var source : c.sources()) {
            out.append("<p class=\"meta\">from <code>").append(html(source.toAbsolutePath().normalize().toString()))
                    .append("</code></p>\n");
        }
        List<String> factors = c.factors();
        if (!factors.isEmpty()) {
            out.append("<p class=\"meta\">varied: ").append(html(String.join("; ", factors))).append("</p>\n");
        }
        List<String> headline = c.headline();
        if (!headline.isEmpty()) {
            out.append("<div class=\"headline\">\n");
            for (String line : headline) {
                int colon = line.indexOf(": ");
                out.append("<p><b>").append(html(line.substring(0, colon))).append(":</b> ")
                        .append(html(line.substring(colon + 2))).append("</p>\n");
            }
            out.append("</div>\n");
        }
        for (String warning : c.warnings()) {
            out.append("<p class=\"warning\"><b>Warning:</b> ").append(html(warning)).append("</p>\n");
        }
        List<String> findings = c.findings();
        if (!findings.isEmpty()) {
            out.append("<ul class=\"findings\">\n");
            findings.forEach(f -> out.append("<li>").append(html(f)).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("<nav><a href=\"#comparison\">Comparison</a>");
        if (!c.contrasts().isEmpty()) out.append("<a href=\"#significance\">Significance</a>");
        if (c.search() != null) out.append("<a href=\"#search\">Adaptive search</a>");
        if (!c.claims().isEmpty()) out.append("<a href=\"#claims\">Claims</a>");
        if (!c.overlays().isEmpty()) out.append("<a href=\"#curves\">Curves across variants</a>");
        out.append("<a href=\"#networks\">Networks</a><a href=\"#runs\">Runs</a><a href=\"#specs\">Specs</a>")
                .append("<a href=\"#environment\">Environment</a></nav>\n");
    }

    private void comparison(Content c) {
        Comparison table = c.comparison();
        out.append("<h2 id=\"comparison\">Comparison</h2>\n<div class=\"scroll\"><table>\n<tr><th class=\"l\">variant</th>")
                .append("<th>seeds (n)</th>");
        for (Comparison.Column col : Comparison.Column.values()) {
            out.append("<th>").append(html(col.title)).append("</th>");
            if (col == Comparison.Column.FINAL_ACCURACY) out.append("<th>95% CI of mean (%)</th>");
        }
        out.append("</tr>\n");
        for (Comparison.Row row : table.rows()) {
            out.append("<tr><td class=\"l\">").append(html(row.variant().name())).append("</td><td>")
                    .append(html(Comparison.count(row))).append("</td>");
            for (Comparison.Column col : Comparison.Column.values()) {
                out.append(table.isBest(row, col) ? "<td class=\"best\">" : "<td>")
                        .append(html(Comparison.cell(row, col))).append("</td>");
                if (col == Comparison.Column.FINAL_ACCURACY) {
                    out.append("<td>").append(html(Comparison.interval(row))).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n<p class=\"note\">Mean &plusmn; sample standard deviation over the completed "
                + "seeds of each variant; n = completed runs. &#9733; marks the best mean of each column (higher "
                + "accuracy, lower loss, fewer iterations, less time, fewer parameters). The 95% CI is Student's t "
                + "interval of the mean final test accuracy, cut at 0 and 100%. Convergence iteration: the first "
                + "epoch end at which the "
                + "validation accuracy (test accuracy without a validation set) reached 99% of its best.</p>\n");
        MoreMetrics.Table more = MoreMetrics.of(c.variants());
        if (!more.isEmpty()) {
            out.append("<p class=\"note\">More metrics: final value, mean &plusmn; std over seeds (a run with several "
                    + "output heads has each head's accuracy and that of every head right, e.g. both digits).</p>\n"
                    + "<div class=\"scroll\"><table>\n<tr><th class=\"l\">variant</th>");
            for (String metric : more.metrics()) out.append("<th>").append(html(MoreMetrics.title(metric))).append("</th>");
            out.append("</tr>\n");
            for (List<String> row : more.rows()) {
                out.append("<tr><td class=\"l\">").append(html(row.get(0))).append("</td>");
                for (String cell : row.subList(1, row.size())) out.append("<td>").append(html(cell)).append("</td>");
                out.append("</tr>\n");
            }
            out.append("</table></div>\n");
        }
        List<RunResult> notCompleted = c.runs().stream().filter(r -> !r.completed()).toList();
        if (!notCompleted.isEmpty()) {
            out.append("<p class=\"note\">Not completed, left out of the means:</p><ul class=\"note\">\n");
            for (RunResult r : notCompleted) {
                out.append("<li><span class=\"status-").append(html(r.status())).append("\">").append(html(r.status()))
                        .append("</span> ").append(html(r.title())).append(" <code>").append(html(r.id()))
                        .append("</code>").append(r.error() == null ? "" : ": " + html(r.error())).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        if (!c.unreadable().isEmpty()) {
            out.append("<p class=\"note\">Unreadable run folders, counted nowhere (in no variant, mean or test):</p>"
                    + "<ul class=\"note\">\n");
            for (String line : c.unreadableLines()) {
                out.append("<li><span class=\"status-failed\">unreadable</span> ").append(html(line)).append("</li>\n");
            }
            out.append("</ul>\n");
        }
    }

    private void significance(Content c) {
        if (c.contrasts().isEmpty()) return;
        out.append("<h2 id=\"significance\">Is the difference meaningful?</h2>\n<p class=\"note\">")
                .append(html(Contrasts.explanation(c.contrasts()))).append("</p>\n");
        out.append("<div class=\"scroll\"><table>\n<tr><th class=\"l\">factor</th><th class=\"l\">held fixed</th>")
                .append("<th class=\"l\">A</th><th class=\"l\">B</th><th>n (A, B)</th><th>B &minus; A (pp)</th>")
                .append("<th>95% CI (pp)</th><th>p</th><th>p (Holm)</th><th class=\"l\">verdict</th></tr>\n");
        for (Contrasts.Contrast k : Contrasts.shown(c.contrasts())) {
            Significance s = k.result();
            String a = Contrasts.side(k, k.a());
            String b = Contrasts.side(k, k.b());
            String css = switch (s.verdict()) {
                case SIGNIFICANT -> "sig";
                case NOT_RESOLVED -> "nosig";
                case NOT_ENOUGH_SEEDS -> "few";
            };
            out.append("<tr><td class=\"l\">").append(html(k.factor())).append("</td><td class=\"l\">")
                    .append(html(k.context().isEmpty() ? "–" : k.context())).append("</td><td class=\"l\">")
                    .append(html(a)).append("</td><td class=\"l\">").append(html(b)).append("</td><td>")
                    .append(s.a().n()).append(", ").append(s.b().n()).append("</td><td>")
                    .append(Text.points(s.difference())).append("</td><td>")
                    .append(html(Text.interval(s.ciLow(), s.ciHigh()))).append("</td><td>")
                    .append(html(Significance.formatP(s.p()))).append("</td><td>")
                    .append(html(Significance.formatP(s.pAdjusted()))).append("</td><td class=\"l wrap\"><span class=\"")
                    .append(css).append("\">").append(html(s.verdict().text)).append("</span>: ")
                    .append(html(s.detail(a, b))).append("</td></tr>\n");
        }
        out.append("</table></div>\n");
        String leftOut = Contrasts.leftOut(c.contrasts());
        if (leftOut != null) out.append("<p class=\"note\">").append(html(leftOut)).append("</p>\n");
    }

    private void claims(Content c) {
        if (c.claims().isEmpty()) return;
        out.append("<h2 id=\"claims\">Claims: the report's numbers beside DJLab's</h2>\n<p class=\"note\">")
                .append(html(ClaimsText.EXPLANATION)).append("</p>\n<div class=\"scroll\"><table>\n<tr>")
                .append("<th class=\"l\">claim</th><th>report</th><th class=\"l\">report's budget</th><th>DJLab</th>")
                .append("<th>95% CI</th><th class=\"l\">DJLab's budget</th><th>p (Holm)</th><th class=\"l\">verdict</th></tr>\n");
        for (Claims.Row r : c.claims()) {
            List<String> cells = ClaimsText.cells(r);
            String css = switch (r.verdict()) {
                case CONSISTENT -> "sig";
                case HIGHER, LOWER -> "few";
                default -> "nosig";
            };
            out.append("<tr>");
            for (int i = 0; i < cells.size(); i++) {
                boolean left = i == 0 || i == 2 || i == 5;
                if (i == cells.size() - 1) {
                    out.append("<td class=\"l wrap\"><span class=\"").append(css).append("\">").append(html(r.verdict().text))
                            .append("</span>").append(html(cells.get(i).substring(r.verdict().text.length()))).append("</td>");
                } else {
                    out.append(left ? "<td class=\"l\">" : "<td>").append(html(cells.get(i))).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n");
    }

    private void search(Content c) {
        Search s = c.search();
        if (s == null) return;
        out.append("<h2 id=\"search\">Adaptive search</h2>\n<p class=\"note\">").append(html(s.historyNote()))
                .append(" Dashed lines in the learning curves: the rungs where trials were judged.</p>\n<div class=\"grid\">\n");
        s.figures().forEach(this::figure);
        out.append("</div>\n<h3>Importance of the swept fields</h3>\n<p class=\"note\">").append(html(s.importanceNote()))
                .append("</p>\n");
        if (!s.importance().isEmpty()) table(Search.IMPORTANCE_HEADER, s.importanceRows());
        if (!s.ties().isEmpty()) {
            out.append("<h3>Tied with the best?</h3>\n<p class=\"note\">").append(html(s.tieNote())).append("</p>\n");
            table(Search.TIE_HEADER, s.tieRows());
        }
    }

    private void table(List<String> header, List<List<String>> rows) {
        out.append("<div class=\"scroll\"><table>\n<tr>");
        for (int i = 0; i < header.size(); i++) {
            out.append(i == 0 ? "<th class=\"l\">" : "<th>").append(html(header.get(i))).append("</th>");
        }
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 || i == row.size() - 1 ? "<td class=\"l\">" : "<td>").append(html(row.get(i))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n");
    }

    private void overlays(Content c) {
        if (c.overlays().isEmpty()) return;
        out.append("<h2 id=\"curves\">Curves across variants</h2>\n<p class=\"note\">One line per variant: the mean "
                + "over its seeds; the shaded band is the 95% confidence interval of that mean, where a variant has "
                + "two seeds or more.</p>\n<div class=\"grid\">\n");
        c.overlays().forEach(this::figure);
        out.append("</div>\n");
    }

    private void pictures(Content c) {
        out.append("<h2 id=\"networks\">Networks: the best run of each variant</h2>\n<p class=\"note\">The run with the "
                + "highest final test accuracy of each variant, rebuilt from its saved parameters. Weights: red "
                + "positive, blue negative, each tile scaled to its own largest weight.</p>\n");
        for (Content.VariantPictures p : c.pictures()) {
            out.append("<h3>").append(html(p.variant().name())).append("</h3>\n");
            if (p.best() != null) {
                out.append("<p class=\"meta\">best run: ").append(html(p.best().title())).append(", final test accuracy ")
                        .append(Text.percent(p.best().metric(Metrics.TEST_ACCURACY, "last"))).append(" &middot; <code>")
                        .append(html(p.best().dir().toString())).append("</code></p>\n");
            }
            out.append("<div class=\"grid\">\n");
            p.figures().forEach(this::figure);
            out.append("</div>\n");
        }
    }

    private void runs(Content c) {
        out.append("<h2 id=\"runs\">Runs</h2>\n");
        for (Content.RunCurves rc : c.curves()) {
            RunResult r = rc.run();
            out.append("<h3>").append(html(rc.heading())).append(" <small><code>").append(html(r.id()))
                    .append("</code></small></h3>\n<p class=\"meta\"><span class=\"status-").append(html(r.status()))
                    .append("\">").append(html(r.status())).append("</span> &middot; final test accuracy ")
                    .append(Text.percent(r.metric(Metrics.TEST_ACCURACY, "last"))).append(" (best ")
                    .append(Text.percent(r.metric(Metrics.TEST_ACCURACY, "best"))).append(") &middot; test loss ")
                    .append(Double.isNaN(r.metric(Metrics.TEST_LOSS, "last")) ? "–"
                            : String.format(java.util.Locale.ROOT, "%.4f", r.metric(Metrics.TEST_LOSS, "last")))
                    .append(" &middot; ").append(Text.seconds(r.number("wall_seconds"))).append("</p>\n<div class=\"grid\">\n");
            rc.figures().forEach(this::figure);
            out.append("</div>\n");
        }
    }

    private void specs(Content c) {
        Content.SpecTable t = c.specs();
        out.append("<h2 id=\"specs\">Specs</h2>\n<p class=\"note\">The resolved spec of each variant (of its best run), "
                + "field by field; highlighted rows are the fields in which the variants differ.</p>\n")
                .append("<div class=\"scroll\"><table>\n<tr><th class=\"l\">field</th>");
        for (Variant v : t.variants()) out.append("<th class=\"l\">").append(html(v.name())).append("</th>");
        out.append("</tr>\n<tr><td class=\"l key\">seeds</td>");
        for (Variant v : t.variants()) {
            out.append("<td class=\"l\">").append(html(v.seeds().toString().replaceAll("[\\[\\]]", ""))).append("</td>");
        }
        out.append("</tr>\n");
        for (String key : t.keys()) {
            out.append(t.differing().contains(key) ? "<tr class=\"diff\">" : "<tr>").append("<td class=\"l key\">")
                    .append(html(key)).append("</td>");
            for (Map<String, String> spec : t.specs()) {
                out.append("<td class=\"l\">").append(html(spec.getOrDefault(key, "–"))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n");
    }

    private void environment(Content c) {
        Content.EnvTable t = c.environments();
        out.append("<h2 id=\"environment\">Environment</h2>\n");
        if (t.environments().isEmpty()) {
            out.append("<p class=\"note\">No run recorded its environment.</p>\n");
            return;
        }
        out.append("<div class=\"scroll\"><table>\n<tr><th class=\"l\"></th>");
        for (List<RunResult> runs : t.runs()) {
            out.append("<th class=\"l\">").append(t.runs().size() == 1 ? "all runs"
                    : html(runs.size() + (runs.size() == 1 ? " run: " : " runs: ")
                            + String.join(", ", runs.stream().map(RunResult::title).toList()))).append("</th>");
        }
        out.append("</tr>\n");
        for (String key : t.keys()) {
            out.append("<tr><td class=\"l key\">").append(html(key)).append("</td>");
            for (Map<String, String> env : t.environments()) {
                out.append("<td class=\"l\">").append(html(env.getOrDefault(key, "–"))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n");
    }

    private void figure(Figure f) {
        if (!f.present()) {
            out.append("<div class=\"missing\"><b>").append(html(f.title())).append("</b>not available: ")
                    .append(html(f.missing())).append("</div>\n");
            return;
        }
        out.append("<figure><img alt=\"").append(html(f.title())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(f.png())).append("\">");
        if (!f.titled()) out.append("<figcaption>").append(html(f.title())).append("</figcaption>");
        out.append("</figure>\n");
    }
}
