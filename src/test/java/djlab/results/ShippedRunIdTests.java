package djlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.sweep.SweepPlan;
import djlab.train.RunPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run ids of every shipped spec (each run of each sweep) stay what they were before {@code train.checkpoint}
 * existed (the list was made with the build before it, 943b6b3), so existing results folders stay valid (a spec may
 * gain runs, such as seeds, but loses none); and
 * checkpoint settings never change a run id.
 */
class ShippedRunIdTests {

    @Test
    void everyShippedSpecKeepsItsRunIds() throws IOException {
        List<String> expected;
        try (InputStream in = getClass().getResourceAsStream("shipped-run-ids.tsv")) {
            expected = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        assertFalse(expected.isEmpty());
        List<String> lost = new ArrayList<>();
        for (String line : expected) {
            Path file = Path.of(line.split("\t")[0]);
            // A spec may gain runs (more seeds); every run it had keeps its id.
            List<String> now = ids(file);
            for (String id : line.split("\t")[1].split(" ")) {
                if (!now.contains(id)) lost.add(file + " " + id);
            }
        }
        assertEquals(List.of(), lost, "run ids no shipped spec plans any more");
    }

    @Test
    void checkpointSettingsAreNotPartOfTheRunId() {
        Path file = Path.of("experiments/quickstart/mlp.yaml");
        String id = RunId.of(SpecFiles.load(file, List.of()));
        assertEquals(id, RunId.of(SpecFiles.load(file, List.of("train.checkpoint={every: 50, unit: iteration, keep: true}"))));
        assertEquals(id, RunId.of(SpecFiles.load(file, List.of("train.checkpoint.every=3"))));
        assertNotEquals(id, RunId.of(SpecFiles.load(file, List.of("train.epochs=7"))), "a real change is another run");
        ExperimentSpec with = SpecFiles.load(file, List.of("train.checkpoint.every=3"));
        assertEquals(3, with.train().checkpointOrDefault().every(), "kept in the spec itself");
    }

    private static List<String> ids(Path file) {
        if (SpecFiles.read(file, List.of()).has("sweep")) {
            return SweepPlan.of(file, List.of(), new RunPlan.Locations(Path.of("results"), null, null)).runs().stream()
                    .map(RunPlan::runId).toList();
        }
        return List.of(RunId.of(SpecFiles.load(file, List.of())));
    }
}
