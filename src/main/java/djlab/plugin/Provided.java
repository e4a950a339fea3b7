package djlab.plugin;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import djlab.data.DataSetKind;
import djlab.data.RawImages;
import djlab.model.Networks;
import djlab.spec.DataSpec;
import djlab.spec.ModelSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Calls the providers for a run: the network's block and the data set's records, every plug-in's answer checked, so
 * a bad plug-in is one line naming it (in the spec's {@code model.provider} or {@code data.dataset}) before anything
 * is written.
 */
public final class Provided {

    private static final Map<String, SoftReference<ProvidedData>> DATA = new LinkedHashMap<>();
    private static final Set<String> CHECKED_MODELS = new HashSet<>();

    private Provided() {}

    /** The provider a spec's model names (its {@code provider}, else its preset {@code type}). */
    public static String modelName(ModelSpec model) {
        return model.provider() != null ? model.provider() : model.type();
    }

    /**
     * Builds the plug-in's block for {@code input} (one image's batch shape) once, runs a batch of zeros through it,
     * and checks that it scores {@code classes} classes. Each distinct provider, arguments and shape is checked once
     * per JVM.
     */
    public static void checkModel(String specFile, ModelSpec model, Shape input, int classes) {
        String name = model.provider();
        String key = name + "|" + canonical(model.args()) + "|" + input + "|" + classes;
        synchronized (CHECKED_MODELS) {
            if (CHECKED_MODELS.contains(key)) return;
        }
        ModelProvider provider = modelProvider(specFile, name);
        Shape batch = new Shape(2, input.get(1), input.get(2), input.get(3));
        Block block = call(specFile, "model.provider", name, provider,
                () -> provider.newBlock(args(model.args()), batch, classes));
        if (block == null) throw fail(specFile, "model.provider", name, provider, "returned no block");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Shape out = call(specFile, "model.provider", name, provider, () -> {
                block.initialize(manager, DataType.FLOAT32, batch);
                NDList result = block.forward(new ParameterStore(manager, false), new NDList(manager.zeros(batch)), false);
                return result.size() == 1 ? result.head().getShape() : null;
            });
            if (out == null || out.dimension() != 2 || out.get(0) != 2 || out.get(1) != classes) {
                throw fail(specFile, "model.provider", name, provider, "expected the block to map images "
                        + batch + " to scores (2, " + classes + ") (one per class), got "
                        + (out == null ? "several outputs" : out));
            }
        }
        synchronized (CHECKED_MODELS) {
            CHECKED_MODELS.add(key);
        }
    }

    /**
     * The network of a run: a plug-in's new block, or a preset's block from the layers the plan expanded and checked.
     */
    public static Block block(String specFile, ModelSpec model, List<Networks.Layer> layers, Shape input, int classes) {
        String name = modelName(model);
        ModelProvider provider = modelProvider(specFile, name);
        if (provider instanceof BuiltIns.Model preset) return preset.block(model, layers);
        return call(specFile, "model.provider", name, provider, () -> provider.newBlock(args(model.args()), input, classes));
    }

    /** Whether a block, or any block inside it, is a batch norm. */
    public static boolean hasBatchNorm(Block block) {
        return block instanceof ai.djl.nn.norm.BatchNorm
                || block.getChildren().values().stream().anyMatch(Provided::hasBatchNorm);
    }

    private static ModelProvider modelProvider(String specFile, String name) {
        ModelProvider provider = Plugins.get().model(name);
        if (provider == null) {
            String problem = Plugins.get().unknownModelProvider(name);
            throw new BadInputException(specFile, "model.provider", problem);
        }
        return provider;
    }

    /** A plug-in's records for a plan: loaded once per arguments, seed and folder in this JVM, and checked. */
    public static ProvidedData data(String specFile, DataSpec data, long seed, Optional<Path> folder) {
        String name = data.dataset();
        DataProvider provider = Plugins.get().data(name);
        if (provider == null) throw new BadInputException(specFile, "data.dataset", "no data set '" + name + "' is installed");
        String key = name + "|" + canonical(data.args()) + "|" + seed + "|" + folder.map(Path::toString).orElse("");
        synchronized (DATA) {
            SoftReference<ProvidedData> cached = DATA.get(key);
            if (cached != null && cached.get() != null) return cached.get();
        }
        ProvidedData loaded;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            DataContext context = new DataContext(specFile, data, seed, folder, manager);
            loaded = call(specFile, "data.dataset", name, provider, () -> provider.load(args(data.args()), context));
        }
        if (loaded == null) throw fail(specFile, "data.dataset", name, provider, "returned no data");
        String problem = loaded.problem();
        if (problem != null) throw fail(specFile, "data.dataset", name, provider, problem);
        synchronized (DATA) {
            if (DATA.size() >= 8) DATA.remove(DATA.keySet().iterator().next());
            DATA.put(key, new SoftReference<>(loaded));
        }
        return loaded;
    }

    /** The records of a run, as bytes: from the plug-in (cached) or the built-in data set's folder. */
    public static RawImages[] read(String specFile, DataSetKind kind, DataSpec data, long seed, Optional<Path> folder,
            NDManager manager) {
        if (kind == DataSetKind.PLUGIN) {
            ProvidedData d = data(specFile, data, seed, folder);
            return new RawImages[] {d.train(), d.test()};
        }
        DataProvider provider = Plugins.get().data(kind.specName());
        ProvidedData d = ((BuiltIns.Data) provider).load(Map.of(), new DataContext(specFile, data, seed, folder, manager));
        return new RawImages[] {d.train(), d.test()};
    }

    /**
     * Checks what depends on a plug-in's image shape: normalisation values per channel and the augmentation's shift.
     */
    public static void checkImages(String specFile, DataSpec data, long[] image) {
        DataSpec.Normalize n = data.normalize();
        if (n != null) {
            for (String part : List.of("mean", "std")) {
                List<Double> values = part.equals("mean") ? n.mean() : n.std();
                if (values != null && values.size() != 1 && values.size() != image[0]) {
                    throw new BadInputException(specFile, "data.normalize." + part, "expected " + image[0] + " value"
                            + (image[0] == 1 ? "" : "s") + " (one per channel of " + data.dataset() + "'s images), got "
                            + values.size());
                }
            }
        }
        if (data.augment() != null) {
            int limit = (int) Math.min(image[1], image[2]) / 2 - 1;
            if (data.augment().shift() > limit) {
                throw new BadInputException(specFile, "data.augment.shift", "expected an integer in [0, " + limit + "] for "
                        + data.dataset() + "'s " + image[1] + "x" + image[2] + " images, got " + data.augment().shift());
            }
        }
    }

    private static Map<String, Object> args(Map<String, Object> args) {
        return args == null ? Map.of() : args;
    }

    private static String canonical(Map<String, Object> args) {
        try {
            return SpecFiles.json().copy().disable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(args(args));
        } catch (JsonProcessingException e) {
            return String.valueOf(args);
        }
    }

    private static <T> T call(String specFile, String field, String name, Object provider, Callable<T> work) {
        try {
            return work.call();
        } catch (BadInputException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            String message = e.getMessage() == null ? "" : ": " + firstLine(e.getMessage());
            throw fail(specFile, field, name, provider, "failed: " + e.getClass().getSimpleName() + message);
        }
    }

    private static BadInputException fail(String specFile, String field, String name, Object provider, String problem) {
        String who = provider instanceof BuiltIns.BuiltIn ? "'" + name + "'"
                : "'" + name + "' (" + provider.getClass().getName() + ")";
        return new BadInputException(specFile, field, who + " " + problem);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
