package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import djlab.model.Networks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code batchnorm}: batch normalisation over the channels (or features); keeps the shape. */
final class BatchNormLayer extends LayerKind<LayerSpec.BatchNorm> {

    BatchNormLayer() {
        super("batchnorm", LayerSpec.BatchNorm.class);
    }

    /** Gamma and beta per channel; the running mean and variance are not trained. */
    @Override
    protected Cost cost(LayerSpec.BatchNorm b, Networks.Layer layer, long[] in, long[] out, Inner inner) {
        return new Cost(2 * in[0], 0);
    }

    @Override
    protected List<Block> blocks(LayerSpec.BatchNorm b, Networks.Layer layer, long[] in) {
        return List.of(BatchNorm.builder().build());
    }

    @Override
    protected String describe(LayerSpec.BatchNorm b) {
        return "batchnorm";
    }

    @Override
    protected String brief(LayerSpec.BatchNorm b) {
        return "bn";
    }
}
