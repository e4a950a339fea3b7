package djlab.api;

import djlab.report.Reports;
import java.nio.file.Path;

/**
 * A report written into a run or sweep folder ({@link Experiments#report}, {@link SweepResults#report}) or a
 * comparison's folder ({@link Experiments#compare}).
 *
 * @param html the self-contained {@code report.html}
 * @param markdown {@code report.md}
 * @param pictures the folder of its PNGs
 * @param runs, variants how many runs it covers, in how many variants
 * @param table the comparison table as text, as {@code djlab report} prints it
 */
public record Report(Path html, Path markdown, Path pictures, long htmlBytes, int runs, int variants, String table) {

    static Report of(Reports.Written w) {
        return new Report(w.html(), w.markdown(), w.pictures(), w.htmlBytes(), w.runs(), w.variants(), w.table());
    }
}
