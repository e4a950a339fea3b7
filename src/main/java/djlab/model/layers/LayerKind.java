package djlab.model.layers;

import ai.djl.nn.Block;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.List;

/**
 * Everything DJLab knows about one kind of layer in {@code model.layers}, in one place: its {@code type} name and
 * spec record, the checks of its values, its shape rule (the output shape of one example from the input shape), its
 * DJL block, its one-line description and its cost for the memory estimate. The kinds are listed in
 * {@link LayerKinds}, the one registry that spec binding, validation, shape checks, building, {@code djlab validate}
 * and the memory estimate look them up in. A kind without fields of its own to check, or that keeps the shape,
 * leaves {@link #check} and {@link #shape} as they are.
 *
 * @param <S> the kind's spec record (a {@link LayerSpec})
 */
public abstract class LayerKind<S extends LayerSpec> {

    private final String name;
    private final Class<S> spec;

    protected LayerKind(String name, Class<S> spec) {
        this.name = name;
        this.spec = spec;
    }

    /** The spec's {@code type} for this kind. */
    public final String name() {
        return name;
    }

    /** The record a spec's layer of this kind binds to. */
    public final Class<S> spec() {
        return spec;
    }

    /**
     * Checks the layer's values, each on its own; whether it fits its input is the shape rule's part. {@code at} is
     * the layer's field ({@code model.layers[2]}).
     */
    protected void check(S layer, String at, Checks checks) {}

    /**
     * The shape of one example (no batch axis) after this layer, given the shape coming in; a layer that does not
     * fit its input throws a {@link BadInputException} on {@code layer.field()} (with {@code file}; null when building
     * from layers already checked).
     */
    protected long[] shape(S spec, Networks.Layer layer, long[] in, String file) {
        return in;
    }

    /** The layer's DJL blocks, in order; {@code in} is its input shape (one example), null when unknown. */
    protected abstract List<Block> blocks(S spec, Networks.Layer layer, long[] in);

    /** A short description, for the architecture summary ({@code dense 128 + relu}). */
    protected abstract String describe(S spec);

    /** A terser description, for the list of a residual block's layers; the description unless a kind has one. */
    protected String brief(S spec) {
        return describe(spec);
    }

    /** Whether the layer gives the network's outputs (one per head), so that it must be the last layer. */
    protected boolean outputs(S spec) {
        return false;
    }

    /** The layers inside this one (a residual block's, every branch's), for questions about the whole network. */
    protected List<LayerSpec> inner(S spec) {
        return List.of();
    }

    /**
     * What the layer adds to the network's footprint ({@link djlab.model.Footprint}), worked out from shapes alone:
     * its own trainable parameters, and the values one example leaves behind beyond its output (which is counted for
     * every layer). Layers inside it are counted through {@code inner}.
     */
    protected Cost cost(S spec, Networks.Layer layer, long[] in, long[] out, Inner inner) {
        return Cost.NONE;
    }

    /** Trainable parameters and values per example, beyond the layer's output. */
    public record Cost(long parameters, long values) {
        public static final Cost NONE = new Cost(0, 0);
    }

    /** Counts a layer inside another; a layer applying another's weights adds its values, not their parameters. */
    public interface Inner {
        long[] count(Networks.Layer layer, long[] in, boolean ownParameters);
    }

    /** {@code in}, or a clear error when a kind that needs its input shape is built without it. */
    protected static long[] needShape(Networks.Layer layer, long[] in) {
        if (in == null) {
            throw new IllegalStateException(layer.field() + ": building this layer needs its input shape; "
                    + "build from the layers Networks.layers returns");
        }
        return in;
    }

    /* The registry's typed entry points: the spec is this kind's record (LayerKinds looked it up by its class). */

    final void checkAny(LayerSpec layer, String at, Checks checks) {
        check(spec.cast(layer), at, checks);
    }

    final long[] shapeAny(Networks.Layer layer, long[] in, String file) {
        return shape(spec.cast(layer.spec()), layer, in, file);
    }

    final List<Block> blocksAny(Networks.Layer layer, long[] in) {
        return blocks(spec.cast(layer.spec()), layer, in);
    }

    final String describeAny(LayerSpec layer) {
        return describe(spec.cast(layer));
    }

    final boolean outputsAny(LayerSpec layer) {
        return outputs(spec.cast(layer));
    }

    final List<LayerSpec> innerAny(LayerSpec layer) {
        return inner(spec.cast(layer));
    }

    final Cost costAny(Networks.Layer layer, long[] in, long[] out, Inner inner) {
        return cost(spec.cast(layer.spec()), layer, in, out, inner);
    }

    final String briefAny(LayerSpec layer) {
        return brief(spec.cast(layer));
    }
}
