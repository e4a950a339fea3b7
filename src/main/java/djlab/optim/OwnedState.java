package djlab.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.function.Function;

/**
 * Optimizer state (momentum, Adam's moments, AdaGrad's sums) owned by the manager of the weight it belongs to, so it
 * is freed with the model. DJL's {@code Optimizer.withDefaultState} detaches new state from every manager and leaves
 * it to a garbage collector that the PyTorch engine does not have: every run of a sweep leaked one or two copies of
 * its parameters (measured with {@code djlab bench --sweep-memory}: 6 MiB a run for a 1.6M-parameter MLP with
 * momentum). Optimizers route their {@code withDefaultState} through {@link #of}.
 */
public final class OwnedState {

    /** DJL's own {@code withDefaultState}, called as {@code super::withDefaultState}. */
    @FunctionalInterface
    public interface Lookup {
        NDArray get(Map<String, Map<Device, NDArray>> state, String key, Device device, Function<String, NDArray> create);
    }

    private OwnedState() {}

    public static NDArray of(Map<String, Map<Device, NDArray>> state, String key, Device device,
            Function<String, NDArray> create, Lookup djl) {
        NDManager[] owner = new NDManager[1];
        NDArray array = djl.get(state, key, device, k -> {
            NDArray created = create.apply(k);
            owner[0] = created.getManager();
            return created;
        });
        if (owner[0] != null) array.attach(owner[0]);
        return array;
    }
}
