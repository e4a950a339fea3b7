package djlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Named architectures: {@code model: {use: resnet18, dropout: 0.2}} takes the model mapping of
 * {@code models/resnet18.yaml} and merges the other fields over it (deep merge, the experiment wins), before the
 * spec is bound. The resolved spec holds the merged fields, not the name, so a run folder stays readable when
 * {@code models/} changes.
 *
 * <p>A name is looked up as {@code models/<name>.yaml} (or {@code .json}) in the spec's folder and each folder above
 * it, then in the working directory, then in {@code $DJLAB_MODELS_DIR}; a value with a {@code /} or an extension is
 * a path relative to the spec file. A fragment may itself {@code use} another.
 */
public final class ModelLibrary {

    public static final String FOLDER = "models";
    public static final String ENV = "DJLAB_MODELS_DIR";

    private ModelLibrary() {}

    /** Replaces {@code model.use} in {@code tree} by the named fragment with the experiment's fields merged over it. */
    public static void resolve(String file, ObjectNode tree) {
        JsonNode model = tree.get("model");
        if (model == null || !model.isObject() || !model.has("use")) return;
        tree.set("model", resolved(file, (ObjectNode) model, new LinkedHashSet<>()));
    }

    private static ObjectNode resolved(String file, ObjectNode model, Set<Path> seen) {
        JsonNode use = model.get("use");
        if (use == null) return model;
        if (!use.isTextual() || use.asText().isBlank()) {
            throw new BadInputException(file, "model.use", "expected the name of an architecture in models/, got "
                    + SpecFiles.describe(use));
        }
        Path fragment = locate(file, use.asText());
        if (!seen.add(fragment.toAbsolutePath().normalize())) {
            throw new BadInputException(file, "model.use", "the architectures in models/ use each other in a cycle ("
                    + fragment + ")");
        }
        JsonNode read = readFragment(fragment);
        ObjectNode base = resolved(fragment.toString(), (ObjectNode) read, seen);
        ObjectNode overrides = model.deepCopy();
        overrides.remove("use");
        SpecFiles.merge(base, overrides);
        return base;
    }

    private static JsonNode readFragment(Path fragment) {
        JsonNode read;
        try {
            read = (fragment.toString().endsWith(".json") ? SpecFiles.json() : SpecFiles.yaml())
                    .readTree(Files.readString(fragment));
        } catch (IOException e) {
            throw new BadInputException(fragment.toString(), null, "not valid YAML/JSON: " + firstLine(e.getMessage()));
        }
        if (read == null || !read.isObject()) {
            throw new BadInputException(fragment.toString(), null, "expected a mapping of model fields (type, layers, ...)");
        }
        if (read.has("model")) {
            throw new BadInputException(fragment.toString(), "model", "a file in models/ holds the model's fields "
                    + "themselves (type, layers, ...), not a 'model:' section");
        }
        return read;
    }

    /** The fragment file for a name, or a one-line error listing what there is. */
    static Path locate(String file, String name) {
        Path specDir = file == null ? null : Path.of(file).toAbsolutePath().getParent();
        if (name.contains("/") || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            Path path = specDir == null ? Path.of(name) : specDir.resolve(name);
            if (Files.isRegularFile(path)) return path;
            throw new BadInputException(file, "model.use", "file not found: " + name + " (looked for " + path + ")");
        }
        List<Path> folders = folders(specDir);
        for (Path folder : folders) {
            for (String ext : List.of(".yaml", ".yml", ".json")) {
                Path candidate = folder.resolve(name + ext);
                if (Files.isRegularFile(candidate)) return candidate;
            }
        }
        Set<String> known = names(folders);
        if (known.isEmpty()) {
            throw new BadInputException(file, "model.use", "no models/ folder found (looked beside the spec and above it, "
                    + "in the working directory and in $" + ENV + ")");
        }
        throw new BadInputException(file, "model.use", "expected one of " + String.join(", ", known) + ", got '" + name
                + "'" + Spellings.suggestion(name, known));
    }

    /** The models/ folders that exist, in lookup order. */
    static List<Path> folders(Path specDir) {
        List<Path> folders = new ArrayList<>();
        for (Path dir = specDir; dir != null; dir = dir.getParent()) folders.add(dir.resolve(FOLDER));
        folders.add(Path.of(FOLDER).toAbsolutePath());
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) folders.add(Path.of(env));
        return folders.stream().distinct().filter(Files::isDirectory).toList();
    }

    /** The architecture names found in {@code folders}. */
    public static Set<String> names(List<Path> folders) {
        Set<String> names = new TreeSet<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches(".+\\.(yaml|yml|json)"))
                        .forEach(n -> names.add(n.substring(0, n.lastIndexOf('.'))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown problem";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
