package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code dropout}: zeroes a {@code rate} of the values in training; keeps the shape. */
final class DropoutLayer extends LayerKind<LayerSpec.Dropout> {

    DropoutLayer() {
        super("dropout", LayerSpec.Dropout.class);
    }

    @Override
    protected void check(LayerSpec.Dropout d, String at, Checks checks) {
        checks.fraction(at + ".rate", d.rate());
    }

    @Override
    protected List<Block> blocks(LayerSpec.Dropout d, Networks.Layer layer, long[] in) {
        return List.of(Dropout.builder().optRate(d.rate().floatValue()).build());
    }

    @Override
    protected String describe(LayerSpec.Dropout d) {
        return "dropout " + d.rate();
    }
}
