package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import djlab.model.Networks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code global_maxpool}: each channel's maximum over the whole image; channels x height x width to channels. */
final class GlobalMaxPoolLayer extends LayerKind<LayerSpec.GlobalMaxPool> {

    GlobalMaxPoolLayer() {
        super("global_maxpool", LayerSpec.GlobalMaxPool.class);
    }

    @Override
    protected long[] shape(LayerSpec.GlobalMaxPool p, Networks.Layer layer, long[] in, String file) {
        Shapes.image(file, layer, in, "global pooling");
        return new long[] {in[0]};
    }

    @Override
    protected List<Block> blocks(LayerSpec.GlobalMaxPool p, Networks.Layer layer, long[] in) {
        return List.of(Pool.globalMaxPool2dBlock());
    }

    @Override
    protected String describe(LayerSpec.GlobalMaxPool p) {
        return "global maxpool";
    }
}
