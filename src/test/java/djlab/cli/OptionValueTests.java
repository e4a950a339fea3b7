package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Option values out of range are refused by picocli's converters while the command line is parsed: one line naming
 * the option, exit 2, nothing read or written. {@code --debug} is declared once (a mixin) and taken by every
 * command.
 */
class OptionValueTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run spec.yaml --grace 0          | --grace: expected a whole number of seconds >= 1, got 0",
        "sweep spec.yaml --grace -5       | --grace: expected a whole number of seconds >= 1, got -5",
        "sweep spec.yaml --parallel 0     | --parallel: expected an integer >= 1, got 0",
        "sweep spec.yaml --retries -1     | --retries: expected an integer >= 0, got -1",
        "sweep spec.yaml --max-runs 0     | --max-runs: expected an integer >= 1, got 0",
        "sweep spec.yaml --shard 3/3      | --shard: expected I/N with 0 <= I < N (e.g. 0/4), got '3/3'",
        "validate spec.yaml --max-runs -1 | --max-runs: expected an integer >= 1, got -1",
        "reproduce all --parallel 0       | --parallel: expected an integer >= 1, got 0",
        "bench --pairs 0                  | --pairs: expected an integer >= 1, got 0",
        "bench --runs 1 --sweep-memory    | --runs: expected an integer >= 2, got 1",
        "bench --threads 0                | --threads: expected an integer >= 1, got 0",
        "bench replay g --spec s.yaml --repeats 0    | --repeats: expected an integer >= 1, got 0",
        "bench replay g --spec s.yaml --in-flight -2 | --in-flight: expected an integer >= 1, got -2",
        "bench replay g --spec s.yaml --budget 0.5,0 | --budget: expected numbers > 0, got 0.0",
        "bench replay g --spec s.yaml --budget NaN   | --budget: expected numbers > 0, got NaN",
        "bench replay g --spec s.yaml --optuna no.py | --optuna: no such script: no.py",
        "serve --port 70000               | --port: expected a port in [0, 65535], got 70000",
        "serve --bench 0                  | --bench: expected a number of runs >= 1, got 0",
        "serve --host no.such.host.invalid | --host: expected an address of this machine (127.0.0.1, 0.0.0.0, ...), got no.such.host.invalid",
    })
    void aValueOutOfRangeIsOneLineAndExit2BeforeAnythingRuns(String args, String error) {
        Path results = dir.resolve("results");
        // The spec need not exist: the value is refused before the command reads it.
        CliResult result = djlab(args.startsWith("run") || args.startsWith("sweep") || args.startsWith("validate")
                ? withResults(results, args) : args.split(" +"));

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: " + error + System.lineSeparator(), result.err(), result::toString);
        assertEquals("", result.out(), result::toString);
        assertFalse(Files.exists(results), "nothing written");
    }

    private static String[] withResults(Path results, String args) {
        String[] words = args.split(" +");
        String[] all = java.util.Arrays.copyOf(words, words.length + 2);
        all[words.length] = "--results";
        all[words.length + 1] = results.toString();
        return all;
    }

    @Test
    void aValueThatIsNoNumberKeepsPicocliWording() {
        CliResult result = djlab("sweep", "spec.yaml", "--parallel", "two");

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: Invalid value for option '--parallel': 'two' is not an int (see djlab sweep --help)",
                result.err().strip(), result::toString);
    }

    @Test
    void debugIsTakenByEveryCommand() {
        Path spec = write(dir, "bad.yaml", "train: {epochs: abc}\n");

        for (String[] args : new String[][] {
            withLocations(dir.resolve("results"), "run", "--debug", spec.toString()),
            withLocations(dir.resolve("results"), "validate", spec.toString(), "--debug")}) {
            CliResult result = djlab(args);
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith("djlab.spec.BadInputException: " + spec + ": train.epochs: "), result::toString);
            assertTrue(result.err().contains("\tat djlab."), result::toString);
        }
        CliResult status = djlab("status", dir.resolve("nothing").toString(), "--debug");
        assertEquals(2, status.exitCode(), status::toString);
        assertTrue(status.err().contains("\tat djlab."), status::toString);
    }

    @Test
    void severalSpecsWithoutSmokeIsOneLine() {
        CliResult result = djlab(withLocations(dir.resolve("results"), "sweep", "a.yaml", "b.yaml"));

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: SPEC: expected one spec (several only with --smoke), got 2", result.err().strip(),
                result::toString);
    }
}
