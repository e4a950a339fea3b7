package djlab.model.layers;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The activation functions a spec can name ({@code model.activation}, a layer's {@code activation}, an
 * {@code activation} layer's {@code function}): the name and its DJL block. A new one is one constant here.
 */
public enum Activations {
    RELU("relu", Activation::reluBlock),
    TANH("tanh", Activation::tanhBlock),
    SIGMOID("sigmoid", Activation::sigmoidBlock),
    LEAKY_RELU("leaky_relu", () -> Activation.leakyReluBlock(0.01f)),
    GELU("gelu", Activation::geluBlock),
    ELU("elu", () -> Activation.eluBlock(1f)),
    IDENTITY("identity", () -> new LambdaBlock(x -> x, "identity"));

    /** Every name, in the order errors list them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Activations::specName).toList();

    private final String specName;
    private final Supplier<Block> block;

    Activations(String specName, Supplier<Block> block) {
        this.specName = specName;
        this.block = block;
    }

    public String specName() {
        return specName;
    }

    /** A new block applying the function named {@code name}, which the validator has checked. */
    public static Block block(String name) {
        for (Activations a : values()) {
            if (a.specName.equals(name)) return a.block.get();
        }
        throw new djlab.spec.BadInputException(null, "activation", "unknown activation '" + name + "'");
    }
}
