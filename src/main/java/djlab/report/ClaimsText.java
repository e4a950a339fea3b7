package djlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The claims table's cells and explanation, shared by the HTML, Markdown and terminal layouts. */
final class ClaimsText {

    static final String EXPLANATION = "Each number the study's report publishes (its claims file), beside DJLab's "
            + "mean ± sd over seeds at the same point of training, with the 95% interval of that mean and the training "
            + "each side had by then. Verdict: a one-sample t-test of DJLab's runs against the report's number, "
            + "Holm-corrected over the claims; consistent when DJLab's 95% interval lies within the claim's margin of "
            + "the report's number (0.5 pp for an accuracy, 10% for an iteration count, unless the claim says), higher "
            + "or lower when the corrected test rejects, otherwise not resolved, with the smallest difference the "
            + "seeds could have detected. A row whose budgets differ says so: a difference there may be the budget's.";

    private ClaimsText() {}

    /** claim, report, report's budget, DJLab, 95% CI, DJLab's budget, p (Holm), verdict with its detail. */
    static List<String> cells(Claims.Row r) {
        List<String> cells = new ArrayList<>();
        Study.Claim c = r.claim();
        cells.add(c.describe() + (c.source() == null ? "" : " (" + c.source() + ")"));
        cells.add(c.format(c.value()));
        cells.add(r.report().describe());
        cells.add(r.mean());
        cells.add(r.interval());
        cells.add(r.djlab().describe());
        cells.add(Significance.formatP(r.pAdjusted()));
        String verdict = r.verdict().text + (r.budgetDiffers() ? " (budget differs)" : "");
        cells.add(verdict + (r.detail() == null || r.detail().isEmpty() ? "" : ": " + r.detail()));
        return cells;
    }

    /** The table as aligned text for a terminal. */
    static String plain(List<Claims.Row> rows) {
        if (rows.isEmpty()) return "";
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"claim", "report", "DJLab", "verdict"});
        for (Claims.Row r : rows) {
            List<String> cells = cells(r);
            lines.add(new String[] {cells.get(0), cells.get(1), cells.get(3), cells.get(7)});
        }
        int[] widths = new int[4];
        for (String[] line : lines) {
            for (int i = 0; i < 3; i++) widths[i] = Math.max(widths[i], line[i].length());
        }
        StringBuilder out = new StringBuilder("claims:\n");
        for (String[] line : lines) {
            out.append(String.format(Locale.ROOT, "  %-" + widths[0] + "s  %" + widths[1] + "s  %" + widths[2] + "s  %s%n",
                    line[0], line[1], line[2], line[3]));
        }
        return out.toString();
    }
}
