package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import djlab.model.Networks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code flatten}: any shape to flat features. */
final class FlattenLayer extends LayerKind<LayerSpec.Flatten> {

    FlattenLayer() {
        super("flatten", LayerSpec.Flatten.class);
    }

    @Override
    protected long[] shape(LayerSpec.Flatten f, Networks.Layer layer, long[] in, String file) {
        long size = 1;
        for (long d : in) size *= d;
        return new long[] {size};
    }

    @Override
    protected List<Block> blocks(LayerSpec.Flatten f, Networks.Layer layer, long[] in) {
        return List.of(Blocks.batchFlattenBlock());
    }

    @Override
    protected String describe(LayerSpec.Flatten f) {
        return "flatten";
    }
}
