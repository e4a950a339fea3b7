package djlab.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.List;
import java.util.function.Predicate;

/**
 * DJL's {@link Trainer} for a run on one device, with a step that hands the optimizer each weight's own gradient.
 * DJL's step goes through its local parameter server, which first copies every gradient so that it can sum them over
 * several devices; with one device the copy is all cost (for the bench MLP a 1.6 MB copy of the first layer's
 * gradient every batch). The first step is DJL's own, which also checks that the gradients are not all zero.
 */
public final class OneDeviceTrainer extends Trainer {

    private final Model model;
    private final Optimizer optimizer;
    private List<Parameter> trained;

    private OneDeviceTrainer(Model model, TrainingConfig config) {
        super(model, config);
        this.model = model;
        this.optimizer = config.getOptimizer();
    }

    /** As {@code model.newTrainer(config)} for a new model: the config's initializers, then the trainer. */
    public static Trainer of(Model model, TrainingConfig config) {
        for (Pair<Initializer, Predicate<Parameter>> pair : config.getInitializers()) {
            if (pair.getKey() != null && pair.getValue() != null) {
                model.getBlock().setInitializer(pair.getKey(), pair.getValue());
            }
        }
        return new OneDeviceTrainer(model, config);
    }

    @Override
    public void step() {
        if (trained == null) {
            super.step();
            trained = directlyTrained();
            return;
        }
        if (trained.isEmpty()) {
            super.step();
            return;
        }
        long begin = System.nanoTime();
        for (Parameter parameter : trained) {
            NDArray weight = parameter.getArray();
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(parameter.getId(), weight, gradient);
            }
        }
        addMetric("step", begin);
    }

    /**
     * The parameters to update, when the arrays the forward pass used are the parameters' own (one device, the
     * model's); otherwise none, and every step is DJL's.
     */
    private List<Parameter> directlyTrained() {
        Device[] devices = getDevices();
        List<Parameter> parameters = model.getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient).toList();
        boolean direct = devices.length == 1
                && parameters.stream().allMatch(p -> p.getArray().getDevice().equals(devices[0]));
        return direct ? parameters : List.of();
    }
}
