package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code avgpool}: the average over each window of an image, per channel. */
final class AvgPoolLayer extends LayerKind<LayerSpec.AvgPool> {

    AvgPoolLayer() {
        super("avgpool", LayerSpec.AvgPool.class);
    }

    @Override
    protected void check(LayerSpec.AvgPool p, String at, Checks checks) {
        PoolLayers.check(at, p.kernel(), p.stride(), p.padding(), checks);
    }

    @Override
    protected long[] shape(LayerSpec.AvgPool p, Networks.Layer layer, long[] in, String file) {
        return PoolLayers.shape(file, layer, in, p.kernel(), p.stride(), p.padding());
    }

    @Override
    protected List<Block> blocks(LayerSpec.AvgPool p, Networks.Layer layer, long[] in) {
        return List.of(Pool.avgPool2dBlock(Shapes.square(p.kernel()), Shapes.square(p.stride()),
                Shapes.square(p.padding())));
    }

    @Override
    protected String describe(LayerSpec.AvgPool p) {
        return PoolLayers.describe("avgpool", p.kernel(), p.stride(), p.padding());
    }
}
