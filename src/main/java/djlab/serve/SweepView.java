package djlab.serve;

import djlab.report.ReportData;
import djlab.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep page's data: the report's own figures (comparison, significance, overlays with their bands, specs,
 * environment) from {@link ReportData}, and the pictures a report of the sweep has drawn, if one was made.
 */
final class SweepView {

    record Sweep(Watcher.Sweep row, ReportData.Sweep report, List<String> pictures, String reportHtml, String error) {}

    private SweepView() {}

    static Sweep of(Watcher.Sweep row, Path dir, ResultsRoot root) {
        String html = Files.isRegularFile(dir.resolve(Reports.HTML)) ? Routes.prefix(row.id()) + Reports.HTML : null;
        List<String> pictures = Routes.pictures(root, dir, n -> n.startsWith("variant-"));
        try {
            return new Sweep(row, ReportData.sweep(dir), pictures, html, null);
        } catch (RuntimeException e) {
            // A sweep whose files cannot be read as a whole still shows its runs on the front page; here, why not.
            return new Sweep(row, null, pictures, html, e.getMessage());
        }
    }
}
