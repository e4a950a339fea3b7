package djlab.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads spec files (YAML or JSON) into trees, follows {@code extends}, applies {@code --set} overrides, and binds
 * a tree to an {@link ExperimentSpec}. Every problem becomes a {@link BadInputException} naming file and field.
 */
public final class SpecFiles {

    /**
     * The largest spec file read (documented in docs/spec.md). A spec is a few KB; a YAML parser's time and memory
     * grow fast with a long string (a 1 MiB one took a second and most of a GB), and SnakeYAML has no per-string limit.
     */
    public static final long MAX_SPEC_BYTES = 256 * 1024;
    /** The longest string in a JSON spec (Jackson's limit; YAML strings are bounded by the file's size). */
    public static final int MAX_STRING_CHARS = 64 * 1024;
    /** How many files an {@code extends} chain may pass through (documented in docs/spec.md). */
    public static final int MAX_EXTENDS_DEPTH = 32;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxStringLength(MAX_STRING_CHARS).build();

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(
            YAMLFactory.builder()
                    .loaderOptions(loaderOptions())
                    .streamReadConstraints(LIMITS)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    // Layer kinds as a 'type' field, not YAML tags (!<conv2d>) that a spec read back would lose.
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build()).build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    /** Spec files only: results (summaries, plans) keep Jackson's own limits. */
    private static final ObjectMapper JSON_SPEC = configure(JsonMapper.builder(
            JsonFactory.builder().streamReadConstraints(LIMITS).build()).build());

    private SpecFiles() {}

    /** SnakeYAML's own size limit, so text given other ways than a file (--set values) is bounded too. */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) MAX_SPEC_BYTES);
        return options;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                // Garbage after the spec (JSON), or a second YAML document, is refused rather than silently dropped.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The mapper results are written with: YAML for specs, JSON for summaries. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Reads a spec file with its {@code extends} and {@code --set} overrides into one tree; a missing {@code name}
     * becomes the file's name without extension.
     */
    public static ObjectNode read(Path file, List<String> sets) {
        ObjectNode tree = read(file);
        try {
            applySets(tree, sets);
        } catch (BadInputException e) {
            throw new BadInputException(file.toString(), e.field(), e.problem());
        }
        if (!tree.has("name")) {
            String base = file.getFileName().toString();
            tree.put("name", base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : base);
        }
        return tree;
    }

    /** Reads, overrides and binds: the resolved spec of a file. */
    public static ExperimentSpec load(Path file, List<String> sets) {
        return bind(file.toString(), read(file, sets));
    }

    /** Reads a spec file and everything it {@code extends}, merged, the extending file winning. */
    public static ObjectNode read(Path file) {
        return read(file, new HashSet<>());
    }

    private static ObjectNode read(Path file, Set<Path> seen) {
        Path real = file.toAbsolutePath().normalize();
        String name = file.toString();
        if (!seen.add(real)) {
            throw new BadInputException(name, "extends", "the files extend each other in a cycle");
        }
        if (seen.size() > MAX_EXTENDS_DEPTH) {
            throw new BadInputException(name, "extends", "expected a chain of at most " + MAX_EXTENDS_DEPTH
                    + " specs, this one is spec " + seen.size());
        }
        JsonNode node;
        try {
            long size = Files.size(file);
            if (size > MAX_SPEC_BYTES) {
                throw new BadInputException(name, null, "expected a spec of at most " + MAX_SPEC_BYTES / 1024
                        + " KiB, got a file of " + size / 1024 + " KiB");
            }
            ObjectMapper mapper = name.endsWith(".json") ? JSON_SPEC : YAML;
            node = mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(name, null, "file not found");
        } catch (StreamConstraintsException e) {
            throw new BadInputException(name, null, "expected strings of at most " + MAX_STRING_CHARS + " characters, "
                    + "got a longer one");
        } catch (JsonProcessingException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Trailing token")) {
                throw new BadInputException(name, null, name.endsWith(".json")
                        ? "expected one JSON value, got more text after it" + at(e)
                        : "expected one YAML document, got a second one (after '---')" + at(e));
            }
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                // SnakeYAML's first line is its context ("while scanning ..."); the problem and its place follow.
                throw new BadInputException(name, null, "not valid YAML/JSON: line " + (yaml.getProblemMark().getLine() + 1)
                        + ", column " + (yaml.getProblemMark().getColumn() + 1) + ": " + excerpt(yaml.getProblem(), 200));
            }
            if (e.getCause() instanceof YAMLException yaml) {
                throw new BadInputException(name, null, "not valid YAML: " + excerpt(firstLine(yaml.getMessage()), 200));
            }
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new BadInputException(name, null, "not valid YAML/JSON: " + where
                    + excerpt(firstLine(e.getOriginalMessage()), 200));
        } catch (IOException e) {
            throw new BadInputException(name, null, "cannot read: " + e.getMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new BadInputException(name, null, "expected a mapping of spec fields, the file is empty");
        }
        if (!node.isObject()) {
            // Quote only the start: the file may be anything (extends: /etc/passwd), not a spec.
            throw new BadInputException(name, null, "expected a mapping of spec fields, got "
                    + (node.isTextual() ? "text of " + node.asText().length() + " characters starting '"
                            + excerpt(node.asText(), 16) + "'" : describe(node)));
        }
        ObjectNode tree = (ObjectNode) node;
        JsonNode parentName = tree.remove("extends");
        if (parentName == null) {
            return tree;
        }
        if (!parentName.isTextual()) {
            throw new BadInputException(name, "extends", "expected a file path, got " + describe(parentName));
        }
        Path parent;
        try {
            parent = real.getParent().resolve(parentName.asText());
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInputException(name, "extends", "expected a file path, got " + describe(parentName));
        }
        if (!Files.isRegularFile(parent)) {
            throw new BadInputException(name, "extends", "file not found: " + excerpt(parentName.asText(), 200)
                    + " (looked for " + excerpt(parent.toString(), 200) + ")");
        }
        ObjectNode merged = read(parent, seen);
        merge(merged, tree);
        return merged;
    }

    /** Deep merge: mappings merge key by key, anything else in {@code top} replaces; an explicit null removes. */
    public static void merge(ObjectNode base, ObjectNode top) {
        Iterator<Map.Entry<String, JsonNode>> fields = top.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                base.remove(field.getKey());
            } else if (existing != null && existing.isObject() && value.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else {
                base.set(field.getKey(), value.deepCopy());
            }
        }
    }

    /** Applies {@code key.path=value} overrides given on the command line; values are read as YAML scalars or lists. */
    public static void applySets(ObjectNode tree, List<String> sets) {
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(null, "--set", "expected KEY=VALUE (e.g. train.optimizer.lr=0.05), got '" + set + "'");
            }
            set(tree, set.substring(0, eq).trim(), parseValue(set.substring(eq + 1)));
        }
    }

    public static JsonNode parseValue(String text) {
        try {
            JsonNode value = YAML.readTree(text);
            return value == null || value.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : value;
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    /**
     * Sets a dotted path, creating mappings on the way. In a list, a number is an index and a word names the entry
     * whose {@code label} or {@code name} it is ({@code sweep.variants.best.train.epochs}), so that an override
     * keeps reaching the same entry when the list is reordered.
     */
    public static void set(ObjectNode tree, String dottedKey, JsonNode value) {
        String[] parts = dottedKey.split("\\.");
        JsonNode node = tree;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            String part = parts[i];
            if (part.isEmpty()) {
                throw new BadInputException(null, "--set", "expected a dotted field name, got '" + dottedKey + "'");
            }
            if (node instanceof ArrayNode array) {
                int index = entryIndex(array, part, dottedKey);
                if (last) {
                    array.set(index, value);
                } else {
                    node = array.get(index);
                }
            } else if (node instanceof ObjectNode object) {
                if (last) {
                    object.set(part, value);
                } else {
                    JsonNode child = object.get(part);
                    if (child == null || !(child.isObject() || child.isArray())) {
                        child = object.putObject(part);
                    }
                    node = child;
                }
            } else {
                throw new BadInputException(null, String.join(".", Arrays.copyOf(parts, i)),
                        "cannot set '" + dottedKey + "': this field is a single value, not a mapping");
            }
        }
    }

    private static int entryIndex(ArrayNode array, String part, String key) {
        String expected = "expected a list index in [0, " + array.size() + ")";
        try {
            int index = Integer.parseInt(part);
            if (index >= 0 && index < array.size()) return index;
        } catch (NumberFormatException notANumber) {
            List<String> labels = new ArrayList<>();
            for (JsonNode entry : array) labels.add(label(entry));
            int index = labels.indexOf(part);
            if (index >= 0) return index;
            labels.removeIf(Objects::isNull);
            if (!labels.isEmpty()) expected += " or the label or name of an entry (" + String.join(", ", labels) + ")";
        }
        throw new BadInputException(null, key, expected + ", got '" + part + "'");
    }

    /** A sweep variant's {@code label} or a branch's {@code name}; null for an entry with neither. */
    private static String label(JsonNode entry) {
        for (String field : List.of("label", "name")) {
            if (entry.path(field).isTextual()) return entry.get(field).asText();
        }
        return null;
    }

    /**
     * Binds a merged tree to the spec types and validates it, after putting in the architecture {@code model.use}
     * names. {@code file} is used in messages and to find {@code models/}.
     */
    public static ExperimentSpec bind(String file, ObjectNode tree) {
        if (tree.has("sweep")) {
            throw new BadInputException(file, "sweep", "this spec is a sweep: run it with 'djlab sweep " + file + "'");
        }
        ModelLibrary.resolve(file, tree);
        ExperimentSpec spec = convert(file, tree, ExperimentSpec.class, "");
        SpecValidator.validate(file, spec);
        return spec;
    }

    /**
     * Binds a part of a spec tree to {@code type}, reporting problems as {@link BadInputException}s whose field starts
     * with {@code prefix} (the part's place in the file, e.g. "sweep.").
     */
    public static <T> T convert(String file, JsonNode tree, Class<T> type, String prefix) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw explain(file, tree, e, prefix);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1),
                    firstLine(e.getMessage()));
        }
    }

    /** Turns Jackson's binding errors into one line in the user's terms. */
    private static BadInputException explain(String file, JsonNode tree, JsonProcessingException e, String prefix) {
        if (!(e instanceof JsonMappingException mapping)) {
            return new BadInputException(file, null, firstLine(e.getOriginalMessage()));
        }
        List<JsonMappingException.Reference> path = mapping.getPath();
        String field = prefix + fieldPath(path);
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            if (known.isEmpty()) {
                return new BadInputException(file, field, "unknown field; this kind takes no fields");
            }
            String hint = Spellings.suggestion(unknown.getPropertyName(), known);
            return new BadInputException(file, field, "unknown field" + hint + "; expected one of " + String.join(", ", known));
        }
        if (e instanceof InvalidTypeIdException typeId) {
            String given = typeId.getTypeId();
            if (given == null) {
                return new BadInputException(file, field, "a layer needs a 'type', one of " + String.join(", ", LAYER_TYPES));
            }
            return new BadInputException(file, field + ".type", "expected one of " + String.join(", ", LAYER_TYPES)
                    + ", got '" + given + "'" + Spellings.suggestion(given, LAYER_TYPES));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            JsonNode given = at(tree, path);
            return new BadInputException(file, field, "expected " + describe(mismatch.getTargetType())
                    + ", got " + (given == null ? "nothing" : describe(given)));
        }
        return new BadInputException(file, field, firstLine(mapping.getOriginalMessage()));
    }

    /** The layer kinds, from their one registry, so errors name every kind. */
    static final List<String> LAYER_TYPES = djlab.model.layers.LayerKinds.NAMES;

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (field.length() > 0) field.append('.');
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : path) {
            if (node == null) return null;
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
        if (type == Double.class || type == double.class || type == Float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (List.class.isAssignableFrom(type)) return "a list";
        return "a mapping of fields";
    }

    /** How a given value reads in an error: the value itself for scalars, its kind otherwise. */
    public static String describe(JsonNode node) {
        if (node.isTextual()) return "'" + excerpt(node.asText(), 60) + "'";
        if (node.isValueNode()) return node.toString();
        if (node.isArray()) return "a list " + abbreviate(node.toString());
        return "a mapping " + abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        return excerpt(text, 40);
    }

    /** At most {@code max} characters of {@code text}: an error quotes a value, never a whole file. */
    static String excerpt(String text, int max) {
        if (text == null) return "null";
        return text.length() > max ? text.substring(0, max - 3) + "..." : text;
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown problem";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The resolved spec as the YAML written to {@code spec.yaml}. */
    public static String toYaml(Object spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode toTree(Object spec) {
        return JSON.valueToTree(spec);
    }
}
