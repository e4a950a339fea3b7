package djlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import djlab.results.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Arrays to and from a checkpoint's raw bytes, exactly. */
final class Tensors {

    private Tensors() {}

    static Checkpoint.Tensor of(NDArray array) {
        return new Checkpoint.Tensor(array.getDataType().name(), array.getShape().getShape(), array.toByteArray());
    }

    /** A new array on {@code manager} (its device) holding the saved values. */
    static NDArray create(NDManager manager, Checkpoint.Tensor saved) {
        ByteBuffer bytes = manager.allocateDirect(saved.data().length);
        bytes.order(ByteOrder.nativeOrder()).put(saved.data()).rewind();
        return manager.create(bytes, new Shape(saved.shape()), DataType.valueOf(saved.dataType()));
    }

    /**
     * Overwrites {@code target} in place with the saved values (an in-place copy, so the array keeps its identity,
     * gradient and owner), after checking that shape and type agree.
     */
    static void copyInto(NDArray target, Checkpoint.Tensor saved, String name) {
        if (!target.getShape().equals(new Shape(saved.shape())) || !target.getDataType().name().equals(saved.dataType())) {
            throw new IllegalStateException(name + " is " + target.getDataType() + target.getShape() + " but the "
                    + "checkpoint holds " + saved.dataType() + new Shape(saved.shape()));
        }
        boolean gradMode = JniUtils.isGradMode();
        if (gradMode) JniUtils.setGradMode(false);
        try (NDArray values = create(target.getManager(), saved)) {
            target.set(new NDIndex("..."), values);
        } finally {
            if (gradMode) JniUtils.setGradMode(true);
        }
    }
}
