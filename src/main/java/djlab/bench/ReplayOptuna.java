package djlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import djlab.spec.SpecFiles;
import djlab.spec.SweepSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optuna's searches on the same table ({@code scripts/optuna_replay.py}): TPESampler with SuccessiveHalvingPruner
 * when the sweep prunes with asha, and RandomSampler, at the same budgets and seeds, read back as
 * {@link Replay.Outcome}s. The script reads the table as CSV ({@link ReplayTable#writeCsv}).
 *
 * @param script the replay script
 * @param python a Python with Optuna
 */
public record ReplayOptuna(Path script, String python) {

    /**
     * Runs the script on the table's CSV in {@code csv}, which must hold it already; with {@code csv} null, on a
     * temporary copy deleted afterwards.
     */
    public List<Replay.Outcome> run(ReplaySetup setup, int repeats, Path csv) throws IOException {
        boolean temporary = csv == null;
        Path table = temporary ? Files.createTempFile("djlab-replay-", ".csv") : csv;
        try {
            if (temporary) setup.table().writeCsv(table);
            return read(argv(setup, repeats, table));
        } finally {
            if (temporary) Files.deleteIfExists(table);
        }
    }

    private List<String> argv(ReplaySetup setup, int repeats, Path csv) throws IOException {
        SweepSpec sweep = setup.sweep();
        boolean asha = sweep.prune() != null && SweepSpec.Prune.ASHA.equals(sweep.prune().type());
        List<String> argv = new ArrayList<>(List.of(python, script.toString(), "--table", csv.toString(),
                "--space", SpecFiles.json().writer().without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(sweep.search().space()),
                "--mode", setup.table().maximise() ? "max" : "min",
                "--budget", String.join(",", setup.budgets().stream().map(String::valueOf).toList()),
                "--repeats", String.valueOf(repeats),
                "--startup", String.valueOf(sweep.search().startupOrDefault()),
                "--prune", asha ? "asha" : "none"));
        if (asha) {
            argv.addAll(List.of("--min-epochs", String.valueOf(sweep.prune().minEpochsOrDefault()),
                    "--eta", String.valueOf(sweep.prune().etaOrDefault())));
        }
        return argv;
    }

    /** The script's searches, one JSON object a line (other lines are its chatter); its errors go to ours. */
    private static List<Replay.Outcome> read(List<String> argv) throws IOException {
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Replay.Outcome> outcomes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("{")) continue;
                JsonNode o = SpecFiles.json().readTree(line);
                Map<String, JsonNode> found = new LinkedHashMap<>();
                o.path("found").fields().forEachRemaining(f -> found.put(f.getKey(), f.getValue()));
                outcomes.add(new Replay.Outcome(o.path("method").asText(), o.path("budget").asLong(),
                        o.path("seed").asLong(), o.path("regret").asDouble(), o.path("epochs_used").asLong(),
                        o.path("trials").asInt(), o.path("completed").asInt(), found));
            }
        }
        try {
            int exit = process.waitFor();
            if (exit != 0) throw new IOException("the Optuna replay failed (exit " + exit + "): " + String.join(" ", argv));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return outcomes;
    }
}
