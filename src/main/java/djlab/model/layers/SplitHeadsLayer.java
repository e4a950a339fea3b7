package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.List;

/** {@code split_heads}: flat features (batch x heads * n) cut into one output of n per head. */
final class SplitHeadsLayer extends LayerKind<LayerSpec.SplitHeads> {

    SplitHeadsLayer() {
        super("split_heads", LayerSpec.SplitHeads.class);
    }

    @Override
    protected void check(LayerSpec.SplitHeads h, String at, Checks checks) {
        checks.required(at + ".heads", h.heads());
        checks.atLeast(at + ".heads", h.heads(), 1);
    }

    @Override
    protected long[] shape(LayerSpec.SplitHeads h, Networks.Layer layer, long[] in, String file) {
        if (h.heads() == null || h.heads() < 1 || in.length != 1 || in[0] % h.heads() != 0) {
            throw new BadInputException(file, layer.field(), "split_heads needs flat features divisible by heads ("
                    + h.heads() + "), got " + Shapes.describe(in));
        }
        return new long[] {h.heads(), in[0] / h.heads()};
    }

    @Override
    protected boolean outputs(LayerSpec.SplitHeads h) {
        return true;
    }

    @Override
    protected List<Block> blocks(LayerSpec.SplitHeads h, Networks.Layer layer, long[] in) {
        int heads = h.heads();
        return List.of(new LambdaBlock(x -> x.singletonOrThrow().split(heads, 1), "split_heads"));
    }

    @Override
    protected String describe(LayerSpec.SplitHeads h) {
        return "split into " + h.heads() + " heads";
    }
}
