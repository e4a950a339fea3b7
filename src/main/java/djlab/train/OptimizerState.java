package djlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.optim.DecayMasked;
import djlab.optim.NdOptimizer;
import djlab.results.Checkpoint;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An optimizer's state in a checkpoint: the update counts (which the learning-rate schedule and Adam's bias
 * correction read) and every state array (momentum, Adam's moments, AdaGrad's sums, ...), for every optimizer of the
 * catalogue. DJL keeps the counts, and Adam's and AdamW's moments, in private fields with no accessor: they are
 * read and set by reflection here, in one place (DJL is on the class path, so no module opening is needed), and
 * the round trip is tested per optimizer. Parameters are named by their path in the network, not by DJL's ids,
 * which are new in every process.
 */
final class OptimizerState {

    private OptimizerState() {}

    static void save(Optimizer optimizer, Map<String, String> names, ObjectNode json, Map<String, Checkpoint.Tensor> arrays,
            String prefix) {
        ObjectNode counts = json.putObject("update_counts");
        new java.util.TreeMap<>(updateCounts(optimizer)).forEach((id, n) -> counts.put(name(names, id), n));
        json.put("num_update", (Integer) get(optimizer, Optimizer.class, "numUpdate"));
        stateMaps(optimizer).forEach((mapName, byParameter) -> byParameter.forEach((id, byDevice) -> {
            NDArray array = byDevice.values().iterator().next();
            arrays.put(prefix + mapName + "/" + name(names, id), Tensors.of(array));
        }));
        if (optimizer instanceof DecayMasked masked) {
            save(masked.inner(), names, json.putObject("inner"), arrays, prefix + "inner/");
        }
    }

    static void restore(Optimizer optimizer, Map<String, Parameter> byName, JsonNode json,
            Map<String, Checkpoint.Tensor> arrays, String prefix) {
        Map<String, Integer> counts = updateCounts(optimizer);
        counts.clear();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("update_counts").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            counts.put(parameter(byName, e.getKey()).getId(), e.getValue().asInt());
        }
        set(optimizer, Optimizer.class, "numUpdate", json.path("num_update").asInt());
        Map<String, Map<String, Map<Device, NDArray>>> maps = stateMaps(optimizer);
        for (Map.Entry<String, Checkpoint.Tensor> e : arrays.entrySet()) {
            if (!e.getKey().startsWith(prefix) || e.getKey().startsWith(prefix + "inner/")) continue;
            String rest = e.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            String mapName = rest.substring(0, slash);
            Parameter parameter = parameter(byName, rest.substring(slash + 1));
            NDArray weight = parameter.getArray();
            // Owned by the weight's manager, as OwnedState keeps the state it creates.
            NDArray array = Tensors.create(weight.getManager(), e.getValue());
            Map<String, Map<Device, NDArray>> byParameter = maps.get(mapName);
            if (byParameter == null) {
                if (!(optimizer instanceof NdOptimizer nd)) throw new IllegalStateException("no optimizer state " + mapName);
                byParameter = nd.states().computeIfAbsent(mapName, k -> new ConcurrentHashMap<>());
            }
            Map<Device, NDArray> byDevice = new ConcurrentHashMap<>();
            byDevice.put(weight.getDevice(), array);
            Map<Device, NDArray> old = byParameter.put(parameter.getId(), byDevice);
            if (old != null) old.values().forEach(NDArray::close);
        }
        if (optimizer instanceof DecayMasked masked) {
            restore(masked.inner(), byName, json.path("inner"), arrays, prefix + "inner/");
        }
    }

    /** The state arrays by name: ours keep them by state name; DJL's Adam and AdamW in two fields. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Map<Device, NDArray>>> stateMaps(Optimizer optimizer) {
        Map<String, Map<String, Map<Device, NDArray>>> maps = new LinkedHashMap<>();
        if (optimizer instanceof NdOptimizer nd) {
            new java.util.TreeMap<>(nd.states()).forEach(maps::put);
        }
        Class<?> djl = optimizer instanceof AdamW ? AdamW.class : optimizer instanceof Adam ? Adam.class : null;
        if (djl != null) {
            maps.put("means", (Map<String, Map<Device, NDArray>>) get(optimizer, djl, "means"));
            maps.put("variances", (Map<String, Map<Device, NDArray>>) get(optimizer, djl, "variances"));
        }
        return maps;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> updateCounts(Optimizer optimizer) {
        return (Map<String, Integer>) get(optimizer, Optimizer.class, "updateCounts");
    }

    private static String name(Map<String, String> names, String id) {
        String name = names.get(id);
        if (name == null) throw new IllegalStateException("optimizer state for a parameter not in the network: " + id);
        return name;
    }

    private static Parameter parameter(Map<String, Parameter> byName, String name) {
        Parameter p = byName.get(name);
        if (p == null) throw new IllegalStateException("the checkpoint has optimizer state for " + name
                + ", which this network does not have");
        return p;
    }

    private static Object get(Object target, Class<?> owner, String field) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DJL's " + owner.getSimpleName() + "." + field + " cannot be read: " + e, e);
        }
    }

    private static void set(Object target, Class<?> owner, String field, Object value) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DJL's " + owner.getSimpleName() + "." + field + " cannot be set: " + e, e);
        }
    }
}
