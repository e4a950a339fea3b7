package djlab.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import djlab.report.ReportData;
import djlab.results.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A run page's data, and a comparison's: the run's curves as recorded, its spec, summary and environment. */
final class RunView {

    /**
     * One curve file up to its last whole line. {@code to} is where the page's next rows start: the event stream's
     * rows that begin there continue it.
     */
    record Curve(List<String> columns, List<double[]> rows, long to, String problem) {}

    record Run(RunEntry.Row row, String description, String specYaml, Map<String, String> spec, JsonNode summary,
            Map<String, String> environment, Curve epochs, Curve iterations, List<String> pictures, String report) {}

    record Compared(String id, String title, String status, Curve epochs, Curve iterations, Map<String, String> spec) {}

    record Comparison(List<Compared> runs, List<String> keys, Set<String> differing) {}

    private static final YAMLMapper YAML = new YAMLMapper();

    private RunView() {}

    static Run of(RunEntry entry, Path dir, ResultsRoot root) {
        String yaml = text(dir.resolve(RunFolder.SPEC));
        JsonNode spec = tree(yaml);
        JsonNode summary = null;
        String summaryText = text(dir.resolve(RunFolder.SUMMARY));
        if (summaryText != null) {
            try {
                summary = Json.MAPPER.readTree(summaryText);
            } catch (IOException e) {
                summary = null;
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (summary != null && summary.path("environment").isObject()) {
            environment.putAll(ReportData.flatten(summary.path("environment")));
        }
        String id = entry.id;
        // The report's pictures: of a report of this run alone, and this run's curves in its sweep's report.
        List<String> pictures = new ArrayList<>(Routes.pictures(root, dir, n -> true));
        if (!id.equals(".") && dir.getParent() != null) {
            String runId = dir.getFileName().toString();
            pictures.addAll(Routes.pictures(root, dir.getParent(), n -> n.contains("-" + runId + "-")));
        }
        String report = Files.isRegularFile(dir.resolve("report.html")) ? Routes.prefix(id) + "report.html" : null;
        return new Run(entry.row(), spec.path("description").asText(null), yaml, ReportData.flatten(spec), summary,
                environment, curve(dir.resolve(RunFolder.EPOCHS)), curve(dir.resolve(RunFolder.ITERATIONS)), pictures,
                report);
    }

    static Compared compared(RunEntry entry, Path dir) {
        Map<String, String> spec = ReportData.flatten(tree(text(dir.resolve(RunFolder.SPEC))));
        spec.remove("description");
        RunEntry.Row row = entry.row();
        String title = row.label() != null ? row.name() + " · " + row.label() : row.name() + " · " + entry.id;
        return new Compared(entry.id, title, row.status(), curve(dir.resolve(RunFolder.EPOCHS)),
                curve(dir.resolve(RunFolder.ITERATIONS)), spec);
    }

    /** The runs side by side; {@code differing} are the spec fields the report would highlight. */
    static Comparison comparison(List<Compared> runs) {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.spec().keySet()));
        Set<String> differing = ReportData.differingKeys(runs.stream().map(Compared::spec).toList());
        return new Comparison(runs, List.copyOf(keys), differing);
    }

    static Curve curve(Path file) {
        CurveFile reader = new CurveFile(file);
        List<double[]> rows = new ArrayList<>();
        try {
            for (CurveFile.Chunk chunk = reader.read(); chunk != null; chunk = reader.read()) rows.addAll(chunk.rows());
        } catch (IOException e) {
            return new Curve(reader.columns(), rows, reader.offset(), file.getFileName() + ": " + e.getMessage());
        }
        return new Curve(reader.columns(), rows, reader.offset(), reader.problem());
    }

    private static String text(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode tree(String yaml) {
        if (yaml == null) return Json.MAPPER.createObjectNode();
        try {
            JsonNode node = YAML.readTree(yaml);
            return node instanceof ObjectNode ? node : Json.MAPPER.createObjectNode();
        } catch (IOException | RuntimeException e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
