package djlab.model.layers;

import ai.djl.nn.Block;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code activation}: an activation function on its own ({@link Activations}); keeps the shape. */
final class ActivationLayer extends LayerKind<LayerSpec.Activation> {

    ActivationLayer() {
        super("activation", LayerSpec.Activation.class);
    }

    @Override
    protected void check(LayerSpec.Activation a, String at, Checks checks) {
        checks.required(at + ".function", a.function());
        checks.activation(at + ".function", a.function());
    }

    @Override
    protected List<Block> blocks(LayerSpec.Activation a, Networks.Layer layer, long[] in) {
        return List.of(Activations.block(a.function()));
    }

    @Override
    protected String describe(LayerSpec.Activation a) {
        return a.function();
    }
}
