package djlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.results.RunRecord;
import djlab.results.Summary;
import djlab.train.SavedRun;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run folder as the report sees it. Everything is read as trees, not bound to records, so folders written by
 * older or newer versions (a summary with or without the sweep's label, variant, seed and values) still read.
 *
 * @param variant the sweep's variant name, or null for a run recorded outside a sweep
 * @param values the swept fields and their values as the sweep recorded them (empty outside a sweep)
 * @param unreadable why summary.json could not be used (corrupt, not an object, a completed run without its final
 *     test accuracy), or null: such a run is listed as unreadable and never counted, in no variant
 */
record RunResult(Path dir, String name, String status, String label, String variant, Long seed,
        Map<String, String> values, JsonNode summary, ObjectNode spec, Table epochs, Table iterations,
        boolean hasParameters, String unreadable) {

    static final String UNFINISHED = "unfinished";
    static final String UNREADABLE = "unreadable";
    private static final ObjectMapper JSON = new ObjectMapper();

    static RunResult read(Path dir) {
        RunRecord record = RunRecord.of(dir);
        JsonNode summary = record.summaryTree();
        String unreadable = record.summaryProblem();
        if (unreadable != null) summary = MissingNode.getInstance();
        JsonNode specNode = record.specTree();
        ObjectNode spec = specNode.isObject() ? (ObjectNode) specNode : JSON.createObjectNode();
        String name = text(summary, "name", text(spec, "name", dir.getFileName().toString()));
        String status = unreadable != null ? UNREADABLE : text(summary, "status", UNFINISHED);
        Long seed = summary.path("seed").isNumber() ? Long.valueOf(summary.path("seed").asLong())
                : spec.path("seed").isNumber() ? Long.valueOf(spec.path("seed").asLong()) : null;
        Map<String, String> values = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.path("values").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), SpecTree.display(entry.getValue()));
        }
        // The seed is what a variant's runs differ in, not one of the fields that set variants apart.
        values.remove("seed");
        return new RunResult(dir, name, status, text(summary, "label", null), text(summary, "variant", null), seed,
                values, summary, spec, Table.of(record.epochs()), Table.of(record.iterations()),
                SavedRun.hasParameters(dir), unreadable);
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : otherwise;
    }

    boolean completed() {
        return Summary.COMPLETED.equals(status);
    }

    boolean readable() {
        return unreadable == null;
    }

    /** The run-id (the folder's name). */
    String id() {
        return dir.getFileName().toString();
    }

    /** A metric of summary.json: {@code which} is last or best; NaN when absent. */
    double metric(String metric, String which) {
        JsonNode value = summary.path("metrics").path(metric).path(which);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    /** A top-level number of summary.json; NaN when absent or null. */
    double number(String field) {
        JsonNode value = summary.path(field);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    String error() {
        return text(summary, "error", null);
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.path("environment").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            env.put(entry.getKey(), SpecTree.display(entry.getValue()));
        }
        return env;
    }

    /** The spec's fields as dotted keys, without the seed (seeds are what a variant's runs differ in). */
    Map<String, String> specWithoutSeed() {
        Map<String, String> flat = SpecTree.flatten(spec);
        flat.remove("seed");
        return flat;
    }

    /** How the run is named in the report: the sweep's label, else the spec name with the seed. */
    String title() {
        if (label != null) return label;
        return seed == null ? name : name + " seed=" + seed;
    }
}
