package djlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec (or any JSON tree) as dotted keys to display values, in file order: the form in which specs are compared
 * field by field. Lists of plain values stay one value ({@code [512, 256]}); lists of mappings get indexed keys.
 */
final class SpecTree {

    private SpecTree() {}

    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null) flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray() && hasContainers(node)) {
            for (int i = 0; i < node.size(); i++) flatten(prefix + "[" + i + "]", node.get(i), out);
        } else {
            out.put(prefix, display(node));
        }
    }

    private static boolean hasContainers(JsonNode array) {
        for (JsonNode element : array) {
            if (element.isContainerNode()) return true;
        }
        return false;
    }

    /** A value as a person reads it: text without quotes, lists as {@code [a, b]}. */
    static String display(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return "null";
        if (node.isValueNode()) return node.asText();
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) out.append(i > 0 ? ", " : "").append(display(node.get(i)));
            return out.append(']').toString();
        }
        return node.toString();
    }

    /** The last part of a dotted key: {@code model.batchnorm} reads as {@code batchnorm} in a variant's name. */
    static String shortKey(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(dot + 1);
    }

    /** Orders levels numerically when both are numbers (0.01 before 0.1 before 1), else as text. */
    static int compareLevels(String a, String b) {
        Double x = number(a);
        Double y = number(b);
        if (x != null && y != null) return Double.compare(x, y);
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        return a.compareTo(b);
    }

    private static Double number(String text) {
        if (text == null) return null;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
