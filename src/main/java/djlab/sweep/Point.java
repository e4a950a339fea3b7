package djlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One run of a sweep before it is bound to a spec: its place in the plan, its label, and the spec tree with the
 * sweep's values applied.
 *
 * @param variant the label without the seed: all seeds of one variant share it
 * @param values the swept fields and their values (seed included when the sweep lists seeds)
 */
public record Point(int index, String label, String variant, Map<String, JsonNode> values, ObjectNode tree) {}
