package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code maxpool}: the maximum over each window of an image, per channel. */
final class MaxPoolLayer extends LayerKind<LayerSpec.MaxPool> {

    MaxPoolLayer() {
        super("maxpool", LayerSpec.MaxPool.class);
    }

    @Override
    protected void check(LayerSpec.MaxPool p, String at, Checks checks) {
        PoolLayers.check(at, p.kernel(), p.stride(), p.padding(), checks);
    }

    @Override
    protected long[] shape(LayerSpec.MaxPool p, Networks.Layer layer, long[] in, String file) {
        return PoolLayers.shape(file, layer, in, p.kernel(), p.stride(), p.padding());
    }

    @Override
    protected List<Block> blocks(LayerSpec.MaxPool p, Networks.Layer layer, long[] in) {
        return List.of(Pool.maxPool2dBlock(Shapes.square(p.kernel()), Shapes.square(p.stride()),
                Shapes.square(p.padding())));
    }

    @Override
    protected String describe(LayerSpec.MaxPool p) {
        return PoolLayers.describe("maxpool", p.kernel(), p.stride(), p.padding());
    }
}
