package djlab.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code residual}: {@code activation(layers(x) + shortcut(x))}, the shortcut the identity when the branch keeps the
 * shape, else a 1x1 projection with the stride that matches.
 */
final class ResidualLayer extends LayerKind<LayerSpec.Residual> {

    /** The values of {@code shortcut}. */
    static final List<String> SHORTCUTS = List.of("auto", "identity", "projection");

    ResidualLayer() {
        super("residual", LayerSpec.Residual.class);
    }

    @Override
    protected void check(LayerSpec.Residual r, String at, Checks checks) {
        if (r.layers() == null) checks.fail(at + ".layers", "required: the layers of the residual branch, got nothing");
        checks.layers(at + ".layers", r.layers());
        checks.oneOf(at + ".shortcut", r.shortcut(), SHORTCUTS);
        checks.activation(at + ".activation", r.activation());
    }

    /** The layers of a residual branch, each named by its place under the residual's field. */
    static List<Networks.Layer> inner(String field, LayerSpec.Residual residual) {
        List<Networks.Layer> layers = new ArrayList<>();
        for (int i = 0; i < residual.layers().size(); i++) {
            layers.add(new Networks.Layer(field + ".layers[" + i + "]", residual.layers().get(i)));
        }
        return layers;
    }

    @Override
    protected long[] shape(LayerSpec.Residual r, Networks.Layer layer, long[] in, String file) {
        long[] out = in;
        for (Networks.Layer inner : inner(layer.field(), r)) out = LayerKinds.next(file, inner, out);
        shortcutStride(file, layer, r, in, out);
        return out;
    }

    /**
     * How a residual's input reaches its output: 0 for the identity, else the stride of the 1x1 projection (1 when
     * only the channels or features differ). Rejects a branch whose output the input cannot be brought to.
     */
    static int shortcutStride(String file, Networks.Layer layer, LayerSpec.Residual r, long[] in, long[] out) {
        boolean same = Arrays.equals(in, out);
        if (same && !r.shortcut().equals("projection")) return 0;
        if (r.shortcut().equals("identity")) {
            throw new BadInputException(file, layer.field() + ".shortcut", "identity needs the branch to keep the shape "
                    + Shapes.describe(in) + ", but it gives " + Shapes.describe(out) + "; use auto or projection");
        }
        if (in.length != out.length) {
            throw new BadInputException(file, layer.field(), "the branch turns " + Shapes.describe(in) + " into "
                    + Shapes.describe(out) + "; a shortcut can change channels, features and image size, not flatten");
        }
        if (in.length == 1) return 1;
        for (int stride = 1; stride <= in[1]; stride++) {
            if ((in[1] - 1) / stride + 1 == out[1] && (in[2] - 1) / stride + 1 == out[2]) return stride;
        }
        throw new BadInputException(file, layer.field(), "no 1x1 strided projection turns the " + Shapes.describe(in)
                + " input into the branch's " + Shapes.describe(out) + " output");
    }

    @Override
    protected List<LayerSpec> inner(LayerSpec.Residual r) {
        return r.layers();
    }

    /** The branch's layers, then a 1x1 projection (without bias) and its batch norm when the shortcut needs one. */
    @Override
    protected Cost cost(LayerSpec.Residual r, Networks.Layer layer, long[] in, long[] out, Inner inner) {
        long[] shape = in;
        boolean batchnorm = false;
        for (Networks.Layer each : inner(layer.field(), r)) {
            shape = inner.count(each, shape, true);
            batchnorm |= each.spec() instanceof LayerSpec.BatchNorm;
        }
        if (shortcutStride(null, layer, r, in, out) == 0) return Cost.NONE;
        return new Cost(in[0] * out[0] + (batchnorm ? 2 * out[0] : 0), Shapes.size(out) * (batchnorm ? 2 : 1));
    }

    /**
     * A DJL {@link ParallelBlock} whose join adds the branch and the shortcut (as DJL's own ResNetV1 does), then the
     * activation. The projection shortcut gets a batch norm when the branch has one.
     */
    @Override
    protected List<Block> blocks(LayerSpec.Residual r, Networks.Layer layer, long[] in) {
        needShape(layer, in);
        SequentialBlock branch = new SequentialBlock();
        long[] shape = in;
        boolean batchnorm = false;
        for (Networks.Layer inner : inner(layer.field(), r)) {
            branch.add(LayerKinds.block(inner, shape));
            shape = LayerKinds.next(null, inner, shape);
            batchnorm |= inner.spec() instanceof LayerSpec.BatchNorm;
        }
        int stride = shortcutStride(null, layer, r, in, shape);
        Block shortcut;
        if (stride == 0) {
            shortcut = Blocks.identityBlock();
        } else {
            Block projection = shape.length == 1
                    ? Linear.builder().setUnits(shape[0]).optBias(false).build()
                    : Shapes.conv((int) shape[0], 1, stride, 0, 1, false);
            shortcut = batchnorm ? new SequentialBlock().add(projection).add(BatchNorm.builder().build()) : projection;
        }
        ParallelBlock sum = new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(branch, shortcut));
        return List.of(new SequentialBlock().add(sum).add(Activations.block(r.activation())));
    }

    @Override
    protected String describe(LayerSpec.Residual r) {
        List<String> parts = new ArrayList<>();
        for (LayerSpec inner : r.layers()) parts.add(LayerKinds.brief(inner));
        return "residual [" + String.join(", ", parts) + "] + " + r.activation();
    }
}
