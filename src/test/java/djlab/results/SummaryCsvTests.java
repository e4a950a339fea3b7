package djlab.results;

import static djlab.TestSupport.readCsv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import djlab.TestSupport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.csv opens in a spreadsheet: text that would run as a formula is escaped, numbers stay numbers. */
class SummaryCsvTests {

    @TempDir
    Path dir;

    @Test
    void formulaLeadingCellsAreEscapedAndNegativeNumbersAreNot() {
        SweepFolder sweep = new SweepFolder(dir);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("model.activation", "=HYPERLINK(\"http://evil.example\",\"x\")");
        values.put("train.optimizer.lr", -0.5);
        values.put("data.normalize.mean", "-0.25");
        values.put("name", "@SUM(1+1)");
        values.put("model.init.type", "+cmd");
        Summary summary = new Summary("s", "abc123", "=1+2", "-variant", 1L, values, "failed", "-error text", 1, 10,
                Map.of(), 100L, 1.0, 1.0, 10.0, null, null, Map.of(), "t0", "t1");
        sweep.run("abc123").writeSummary(summary);

        sweep.writeSummary(List.of(new SweepFolder.Entry(0, "=1+2", "abc123")));

        TestSupport.Csv csv = readCsv(dir.resolve(SweepFolder.SUMMARY));
        assertEquals(List.of("'=1+2"), csv.column("label"));
        assertEquals(List.of("'-variant"), csv.column("variant"));
        assertEquals(List.of("'=HYPERLINK(\"http://evil.example\",\"x\")"), csv.column("model.activation"));
        assertEquals(List.of("-0.5"), csv.column("train.optimizer.lr"));
        assertEquals(List.of("-0.25"), csv.column("data.normalize.mean"));
        assertEquals(List.of("'@SUM(1+1)"), csv.column("name"));
        assertEquals(List.of("'+cmd"), csv.column("model.init.type"));
        assertEquals(List.of("'-error text"), csv.column("error"));
        assertEquals(List.of("abc123"), csv.column("run_id"));
    }
}
