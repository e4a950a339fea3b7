package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.djlabKeepingThreads;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import djlab.TestSupport.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs trained side by side share PyTorch's one generator: a run's initialisation, and the dropout masks of a run
 * with dropout, must still be what its seed makes them, as when the runs train one at a time.
 */
class ParallelSeedTests {

    private static final String SPEC = """
            name: side-by-side
            seed: 1
            data: {validation: 100, limit: {train: 1100, test: 200}}
            model: {type: mlp, hidden: [64]}
            train:
              epochs: 2
              batch_size: 20
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 5
            sweep:
              variants:
                - {label: dropout, model.dropout: 0.5}
                - {label: plain}
              seeds: [1, 2, 3]
            """;

    @TempDir
    Path dir;

    @Test
    void runsWithAndWithoutDropoutTrainTheSameSideBySideAsOneAtATime() throws IOException {
        Path spec = write(dir, "side-by-side.yaml", SPEC);
        CliResult alone = djlab(withLocations(dir.resolve("alone"), "sweep", spec.toString()));
        CliResult together = djlabKeepingThreads(withLocations(dir.resolve("together"), "sweep", spec.toString(),
                "--parallel", "2"));
        assertEquals(0, alone.exitCode(), alone::toString);
        assertEquals(0, together.exitCode(), together::toString);

        List<Path> runs = runFolders(dir.resolve("alone").resolve("side-by-side"));
        assertEquals(6, runs.size());
        for (Path run : runs) {
            Path twin = dir.resolve("together").resolve("side-by-side").resolve(run.getFileName());
            String label = readCsv(run.resolve("iterations.csv")).column("train_loss").size() + " rows, " + run;
            assertEquals(readCsv(run.resolve("iterations.csv")).column("train_loss"),
                    readCsv(twin.resolve("iterations.csv")).column("train_loss"), label);
            assertArrayEquals(Files.readAllBytes(run.resolve("model-0002.params")),
                    Files.readAllBytes(twin.resolve("model-0002.params")), label);
        }
    }

    private static List<Path> runFolders(Path sweep) throws IOException {
        try (Stream<Path> folders = Files.list(sweep)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        }
    }
}
