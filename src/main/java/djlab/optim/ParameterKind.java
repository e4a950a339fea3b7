package djlab.optim;

import ai.djl.ndarray.NDArray;

/**
 * What a parameter is, read from the name DJL gives its array when it is initialised: {@code weight}, {@code bias}
 * (dense and convolution layers), {@code gamma} and {@code beta} (batch norm). Optimizers see arrays, not blocks,
 * so this is how weight decay can leave biases and batch norm out.
 */
public enum ParameterKind {
    WEIGHT, BIAS, BATCHNORM;

    public static ParameterKind of(NDArray parameter) {
        String name = parameter.getName();
        if (name == null) return WEIGHT;
        return switch (name) {
            case "bias" -> BIAS;
            case "gamma", "beta" -> BATCHNORM;
            default -> WEIGHT;
        };
    }

    /** The name used in specs ({@code weight_decay_exclude}). */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
