package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import djlab.model.Networks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code global_avgpool}: each channel's average over the whole image; channels x height x width to channels. */
final class GlobalAvgPoolLayer extends LayerKind<LayerSpec.GlobalAvgPool> {

    GlobalAvgPoolLayer() {
        super("global_avgpool", LayerSpec.GlobalAvgPool.class);
    }

    @Override
    protected long[] shape(LayerSpec.GlobalAvgPool p, Networks.Layer layer, long[] in, String file) {
        Shapes.image(file, layer, in, "global pooling");
        return new long[] {in[0]};
    }

    @Override
    protected List<Block> blocks(LayerSpec.GlobalAvgPool p, Networks.Layer layer, long[] in) {
        return List.of(Pool.globalAvgPool2dBlock());
    }

    @Override
    protected String describe(LayerSpec.GlobalAvgPool p) {
        return "global avgpool";
    }
}
