package djlab.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import djlab.spec.ExperimentSpec;
import djlab.TestSupport;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimizer state (momentum, moments, running sums) is freed with the manager of the weights it belongs to. DJL
 * detaches it from every manager, which leaked one or two copies of the parameters per run of a sweep.
 */
class OptimizerStateTests {

    @ParameterizedTest
    @ValueSource(strings = {"{type: sgd, momentum: 0.9}", "{type: sgd, momentum: 0.9, nesterov: true}", "{type: adam}",
            "{type: adamw, weight_decay: 0.01}", "{type: adagrad}", "{type: rmsprop}", "{type: adadelta}",
            "{type: adam, weight_decay: 0.01, weight_decay_exclude: [bias]}"})
    void stateIsFreedWithTheWeightsManager(String optimizerYaml) throws Exception {
        ExperimentSpec spec = TestSupport.spec("train: {optimizer: " + optimizerYaml + "}");
        Optimizer optimizer = Training.optimizer(spec.train().optimizer(),
                new Schedule(spec.train().schedule(), spec.train().optimizer().lr(), 10, 100));
        try (NDManager owner = NDManager.newBaseManager()) {
            NDArray weight = owner.create(new float[] {0.5f, -1f, 2f});
            weight.setName("dense_weight");
            NDArray grad = owner.create(new float[] {0.1f, -0.2f, 0.3f});
            optimizer.update("dense_weight", weight, grad);
            optimizer.update("dense_weight", weight, grad);
            List<NDArray> state = stateOf(optimizer);
            assertFalse(state.isEmpty(), "no optimizer state found for " + optimizerYaml);
            owner.close();
            for (NDArray array : state) assertTrue(array.isReleased(), "state outlived its weight: " + optimizerYaml);
        }
    }

    /** Every NDArray held in the optimizer's maps (DJL's and ours keep state in nested maps). */
    private static List<NDArray> stateOf(Object optimizer) throws IllegalAccessException {
        List<NDArray> found = new ArrayList<>();
        for (Class<?> c = optimizer.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Map.class.isAssignableFrom(field.getType()) || Optimizer.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    collect(field.get(optimizer), found);
                }
            }
        }
        return found;
    }

    private static void collect(Object value, List<NDArray> found) throws IllegalAccessException {
        if (value instanceof NDArray array) {
            found.add(array);
        } else if (value instanceof Map<?, ?> map) {
            for (Object v : map.values()) collect(v, found);
        } else if (value instanceof Optimizer wrapped) {
            found.addAll(stateOf(wrapped));
        }
    }
}
