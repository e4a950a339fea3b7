package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.List;

/** {@code dense}: fully connected, on flat features, optionally followed by its activation. */
final class DenseLayer extends LayerKind<LayerSpec.Dense> {

    DenseLayer() {
        super("dense", LayerSpec.Dense.class);
    }

    @Override
    protected void check(LayerSpec.Dense d, String at, Checks checks) {
        checks.required(at + ".units", d.units());
        checks.atLeast(at + ".units", d.units(), 1);
        if (d.activation() != null) checks.activation(at + ".activation", d.activation());
    }

    @Override
    protected long[] shape(LayerSpec.Dense d, Networks.Layer layer, long[] in, String file) {
        if (in.length != 1) {
            throw new BadInputException(file, layer.field(), "a dense layer needs a flat input, got "
                    + Shapes.describe(in) + "; add {type: flatten} before it");
        }
        return new long[] {d.units()};
    }

    @Override
    protected Cost cost(LayerSpec.Dense d, Networks.Layer layer, long[] in, long[] out, Inner inner) {
        return new Cost(in[0] * d.units() + (d.bias() == null || d.bias() ? d.units() : 0), 0);
    }

    @Override
    protected List<Block> blocks(LayerSpec.Dense d, Networks.Layer layer, long[] in) {
        return LayerKinds.withActivation(
                Linear.builder().setUnits(d.units()).optBias(d.bias() == null || d.bias()).build(), d.activation());
    }

    @Override
    protected String describe(LayerSpec.Dense d) {
        return "dense " + d.units() + Shapes.noBias(d.bias()) + Shapes.suffix(d.activation());
    }
}
