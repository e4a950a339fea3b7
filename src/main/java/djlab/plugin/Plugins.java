package djlab.plugin;

import djlab.data.DataSetKind;
import djlab.spec.BadInputException;
import djlab.spec.Spellings;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one registry of networks and data sets: the built-in ones (as providers of the same interfaces) and the
 * plug-ins found with {@link ServiceLoader} on the class path and in the jars of {@code --plugins} and
 * {@code DJLAB_PLUGINS}. The lists of allowed names in errors come from here.
 */
public final class Plugins {

    /** Jars or folders of jars to load plug-ins from, separated like a class path. */
    public static final String ENV = "DJLAB_PLUGINS";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static volatile Plugins current;

    private final Map<String, ModelProvider> models;
    private final Map<String, DataProvider> data;

    private Plugins(Map<String, ModelProvider> models, Map<String, DataProvider> data) {
        this.models = Collections.unmodifiableMap(models);
        this.data = Collections.unmodifiableMap(data);
    }

    /** The registry of this JVM: built-ins, the class path and {@code DJLAB_PLUGINS}, loaded on first use. */
    public static Plugins get() {
        Plugins p = current;
        if (p == null) {
            synchronized (Plugins.class) {
                if (current == null) current = load(List.of(), System.getenv(ENV));
                p = current;
            }
        }
        return p;
    }

    /**
     * Loads plug-ins from {@code paths} (jars, folders of jars, or several of them separated by the path separator)
     * as well as the class path and {@code DJLAB_PLUGINS}, and makes that the registry of this JVM.
     */
    public static synchronized Plugins use(List<String> paths) {
        current = load(paths, System.getenv(ENV));
        return current;
    }

    static Plugins load(List<String> flagPaths, String envValue) {
        List<URL> urls = new ArrayList<>();
        for (String entry : flagPaths) urls.addAll(jars("--plugins", entry));
        if (envValue != null && !envValue.isBlank()) urls.addAll(jars(ENV, envValue));
        ClassLoader parent = Plugins.class.getClassLoader();
        ClassLoader loader = urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
        String where = urls.isEmpty() ? "the class path" : "the class path and " + urls;
        Map<String, ModelProvider> models = new LinkedHashMap<>();
        for (String type : BuiltIns.MODEL_TYPES) models.put(type, new BuiltIns.Model(type));
        Map<String, DataProvider> data = new LinkedHashMap<>();
        for (DataSetKind kind : DataSetKind.values()) {
            if (kind != DataSetKind.PLUGIN) data.put(kind.specName(), new BuiltIns.Data(kind));
        }
        addAll(ServiceLoader.load(ModelProvider.class, loader), models, ModelProvider::name, "ModelProvider", where);
        addAll(ServiceLoader.load(DataProvider.class, loader), data, DataProvider::name, "DataProvider", where);
        return new Plugins(models, data);
    }

    private static <T> void addAll(ServiceLoader<T> loader, Map<String, T> into, Function<T, String> name,
            String kind, String where) {
        try {
            for (T provider : loader) {
                String n;
                try {
                    n = name.apply(provider);
                } catch (RuntimeException e) {
                    throw bad(kind + " " + provider.getClass().getName() + ": name() threw " + e);
                }
                if (n == null || !NAME.matcher(n).matches()) {
                    throw bad(kind + " " + provider.getClass().getName() + ": expected a name of letters, digits, "
                            + "'.', '_' or '-', got " + (n == null ? "null" : "'" + n + "'"));
                }
                T other = into.get(n);
                if (other != null && other.getClass() == provider.getClass()) continue;
                if (other != null) {
                    throw bad(kind + " " + provider.getClass().getName() + " is named '" + n + "', as is "
                            + (other instanceof BuiltIns.BuiltIn ? "a built-in one" : other.getClass().getName())
                            + "; names must be unique");
                }
                into.put(n, provider);
            }
        } catch (ServiceConfigurationError e) {
            throw bad("cannot load a " + kind + " from " + where + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
    }

    private static BadInputException bad(String problem) {
        return new BadInputException(null, "plug-ins", problem);
    }

    /** The jars of one {@code --plugins} or {@code DJLAB_PLUGINS} value. */
    private static List<URL> jars(String field, String value) {
        List<URL> urls = new ArrayList<>();
        for (String part : value.split(Pattern.quote(File.pathSeparator))) {
            if (part.isBlank()) continue;
            Path path = Path.of(part.trim());
            try {
                if (Files.isRegularFile(path)) {
                    urls.add(path.toUri().toURL());
                } else if (Files.isDirectory(path)) {
                    urls.add(path.toUri().toURL()); // a folder of classes with META-INF/services works too
                    try (Stream<Path> files = Files.list(path)) {
                        for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                } else {
                    throw new BadInputException(null, field, "expected a jar or a folder of jars, " + path + " does not exist");
                }
            } catch (MalformedURLException e) {
                throw new BadInputException(null, field, "expected a jar or a folder of jars, got '" + part + "'");
            } catch (IOException e) {
                throw new BadInputException(null, field, "cannot list " + path + ": " + e.getMessage());
            }
        }
        return urls;
    }

    /** Every network name: the built-in presets first, then the plug-ins. */
    public List<String> modelNames() {
        return List.copyOf(models.keySet());
    }

    /** The networks from plug-ins (for {@code model.provider}). */
    public List<String> modelProviderNames() {
        return models.entrySet().stream().filter(e -> !(e.getValue() instanceof BuiltIns.BuiltIn)).map(Map.Entry::getKey)
                .toList();
    }

    /** The built-in presets (for {@code model.type}). */
    public List<String> modelTypes() {
        return List.copyOf(BuiltIns.MODEL_TYPES);
    }

    /** Every data set name: the built-in ones first, then the plug-ins. */
    public List<String> dataNames() {
        return List.copyOf(data.keySet());
    }

    /** Whether {@code dataset} comes from a plug-in (not a built-in data set). */
    public boolean isPluginData(String dataset) {
        DataProvider p = data.get(dataset);
        return p != null && !(p instanceof BuiltIns.BuiltIn);
    }

    /** The network provider of that name (a preset's or a plug-in's), or null. */
    public ModelProvider model(String name) {
        return models.get(name);
    }

    /** The data set provider of that name (a built-in one's or a plug-in's), or null. */
    public DataProvider data(String name) {
        return data.get(name);
    }

    /**
     * The problem with {@code name} as a {@code data.dataset}, or null if installed: the names, the closest one, and
     * where plug-ins come from when none is close.
     */
    public String unknownDataSet(String name) {
        if (data.containsKey(name)) return null;
        List<String> names = dataNames();
        String hint = Spellings.suggestion(name, names);
        if (hint.isEmpty()) {
            hint = " (a data set from a plug-in needs its jar on the class path, --plugins or " + ENV + ")";
        }
        return "expected one of " + String.join(", ", names) + ", got '" + name + "'" + hint;
    }

    /** The problem with {@code name} as a {@code model.provider}, in the validator's words, or null if installed. */
    public String unknownModelProvider(String name) {
        ModelProvider p = models.get(name);
        if (p != null && !(p instanceof BuiltIns.BuiltIn)) return null;
        if (p != null) {
            return "'" + name + "' is a built-in network: write model.type: " + name + " with its fields, not model.provider";
        }
        List<String> installed = modelProviderNames();
        if (installed.isEmpty()) {
            return "no network plug-ins are installed, got '" + name + "' (put the plug-in's jar on the class path, "
                    + "--plugins or " + ENV + ")";
        }
        return "expected one of the installed providers " + String.join(", ", installed) + ", got '" + name + "'"
                + Spellings.suggestion(name, installed);
    }
}
