package djlab.train;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport;
import djlab.results.Checkpoint;
import djlab.results.RunCheckpoint;
import djlab.results.RunFolder;
import djlab.results.RunId;
import djlab.spec.SpecFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train.checkpoint.keep}, {@code --restart} and bad checkpoint settings. */
class CheckpointOptionsTests {

    static final String SPEC = """
            name: options
            data: {validation: 0, limit: {train: 300, test: 100}}
            model: {type: mlp, hidden: [16]}
            train: {epochs: 2, batch_size: 50, log_every: 1}
            """;

    @TempDir
    Path dir;

    @AfterEach
    void forgetStops() {
        StopRequest.reset();
    }

    @Test
    void keepLeavesTheLastCheckpointInACompletedRun() throws Exception {
        Path spec = write(dir, "options.yaml", SPEC);
        List<String> keep = List.of("train.checkpoint.keep=true");
        Path run = dir.resolve("r").resolve("options").resolve(RunId.of(SpecFiles.load(spec, keep)));

        TestSupport.CliResult result = djlab(withLocations(dir.resolve("r"), "run", spec.toString(), "--set", keep.get(0)));

        assertEquals(0, result.exitCode(), result::toString);
        Checkpoint last = new RunCheckpoint(new RunFolder(run)).read(run.getFileName().toString()).orElseThrow();
        assertEquals(12, last.state().path("recorder").path("iteration").asInt(), "the state at the end");
        assertTrue(Files.exists(run.resolve("model-0002.params")), "final parameters saved as always");
    }

    @Test
    void restartThrowsTheCheckpointAwayAndStartsOver() {
        Path spec = write(dir, "options.yaml", SPEC);
        Path run = dir.resolve("r").resolve("options").resolve(RunId.of(SpecFiles.load(spec, List.of())));
        StopRequest.requestAtIteration(8);
        assertEquals(143, djlab(withLocations(dir.resolve("r"), "run", spec.toString())).exitCode());
        StopRequest.reset();
        assertTrue(Files.exists(run.resolve(RunCheckpoint.FILE)));
        assertEquals(8, TestSupport.readCsv(run.resolve("iterations.csv")).rows().size());

        TestSupport.CliResult restarted = djlab(withLocations(dir.resolve("r"), "run", spec.toString(), "--restart"));

        assertEquals(0, restarted.exitCode(), restarted::toString);
        assertFalse(restarted.err().contains("resuming"), restarted::toString);
        assertEquals(0, readJson(run.resolve("summary.json")).path("resumed").asInt());
        assertEquals(12, TestSupport.readCsv(run.resolve("iterations.csv")).rows().size());
    }

    @Test
    void badCheckpointSettingsAreOneLineAndExitTwo() {
        Path spec = write(dir, "options.yaml", SPEC);
        TestSupport.CliResult every = djlab("validate", spec.toString(), "--set", "train.checkpoint.every=0");
        assertEquals(2, every.exitCode(), every::toString);
        assertEquals("error: " + spec + ": train.checkpoint.every: expected an integer >= 1, got 0" + System.lineSeparator(),
                every.err());
        TestSupport.CliResult unit = djlab("validate", spec.toString(), "--set", "train.checkpoint.unit=hour");
        assertEquals(2, unit.exitCode(), unit::toString);
        assertTrue(unit.err().startsWith("error: " + spec + ": train.checkpoint.unit: "), unit::toString);
        TestSupport.CliResult typo = djlab("validate", spec.toString(), "--set", "train.checkpoint.evry=2");
        assertEquals(2, typo.exitCode(), typo::toString);
        TestSupport.CliResult grace = djlab("run", spec.toString(), "--grace", "0");
        assertEquals(2, grace.exitCode(), grace::toString);
        assertEquals("error: --grace: expected a whole number of seconds >= 1, got 0" + System.lineSeparator(), grace.err());
    }
}
