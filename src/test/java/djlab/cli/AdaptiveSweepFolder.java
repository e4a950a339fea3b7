package djlab.cli;

import static djlab.TestSupport.readCsv;

import djlab.TestSupport.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What two runs of one adaptive sweep are compared by, read from its folder. */
final class AdaptiveSweepFolder {

    private AdaptiveSweepFolder() {}

    /** The decision log without who decided when, sorted: the same decisions, each logged once. */
    static List<String> decisions(Path sweep) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(sweep.resolve("decisions.jsonl"))) {
            lines.add(line.replaceAll(",\"process\":\"[^\"]*\",\"time\":\"[^\"]*\"", ""));
        }
        return lines.stream().sorted().toList();
    }

    /** Label, run id, final validation accuracy and status of every row of summary.csv, sorted. */
    static List<String> table(Path sweep) {
        Csv csv = readCsv(sweep.resolve("summary.csv"));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < csv.rows().size(); i++) {
            rows.add(csv.column("label").get(i) + " " + csv.column("run_id").get(i) + " "
                    + csv.column("final_validate_accuracy").get(i) + " " + csv.column("status").get(i));
        }
        return rows.stream().sorted().toList();
    }
}
