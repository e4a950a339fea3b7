package example;

import djlab.api.Experiment;
import djlab.api.Experiments;
import djlab.api.Row;
import djlab.api.SweepResults;
import java.nio.file.Path;

/**
 * Runs the example's sweep through DJLab's Java API (the plug-ins are found on the class path) and prints its table:
 * {@code java -cp ... example.Main sweep.yaml RESULTS}. Exit code 1 unless every run completed.
 */
public final class Main {

    public static void main(String[] args) {
        Experiment sweep = Experiments.load(Path.of(args[0])).results(Path.of(args[1])).progress(System.err);
        System.out.println(sweep.validate().size() + " runs planned");
        SweepResults results = sweep.sweep();
        for (Row row : results.table()) {
            System.out.printf("%-24s %-10s test accuracy %.3f%n", row.text("label"), row.text("status"),
                    row.number("final_test_accuracy"));
        }
        System.out.println(results.statuses());
        System.exit(results.allCompleted() ? 0 : 1);
    }
}
