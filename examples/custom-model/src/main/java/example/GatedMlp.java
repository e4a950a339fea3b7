package example;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A small network of our own, as a DJL block: the flattened image goes through two dense layers of {@code width}
 * units, one gating the other ({@code relu(a) * sigmoid(b)}, as in a gated linear unit), then a dense layer of one
 * score per class.
 */
public final class GatedMlp extends AbstractBlock {

    private final Linear value;
    private final Linear gate;
    private final Linear out;

    public GatedMlp(int width, int classes) {
        value = addChildBlock("value", Linear.builder().setUnits(width).build());
        gate = addChildBlock("gate", Linear.builder().setUnits(width).build());
        out = addChildBlock("out", Linear.builder().setUnits(classes).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        x = x.reshape(x.getShape().get(0), -1);
        NDArray v = Activation.relu(value.forward(store, new NDList(x), training).head());
        NDArray g = Activation.sigmoid(gate.forward(store, new NDList(x), training).head());
        return out.forward(store, new NDList(v.mul(g)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape flat = flat(inputs[0]);
        return out.getOutputShapes(value.getOutputShapes(new Shape[] {flat}));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape flat = flat(inputs[0]);
        value.initialize(manager, dataType, flat);
        gate.initialize(manager, dataType, flat);
        out.initialize(manager, dataType, value.getOutputShapes(new Shape[] {flat}));
    }

    private static Shape flat(Shape images) {
        return new Shape(images.get(0), images.size() / images.get(0));
    }
}
