package djlab.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SoftmaxCrossEntropy} gives DJL's softmax cross-entropy, value and gradient, to the last bit. */
class SoftmaxCrossEntropyTests {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void valueAndGradientAreDjls() {
        Engine.getInstance().setRandomSeed(7);
        NDArray logits = manager.randomNormal(0, 3, new Shape(64, 10), DataType.FLOAT32);
        NDArray labels = manager.randomInteger(0, 10, new Shape(64), DataType.INT32).toType(DataType.FLOAT32, false);
        float[][] djl = lossAndGradient(Loss.softmaxCrossEntropyLoss(), logits, labels);
        float[][] ours = lossAndGradient(new SoftmaxCrossEntropy(), logits, labels);
        assertEquals(djl[0][0], ours[0][0], 0f);
        assertArrayEquals(djl[1], ours[1], 0f);
    }

    @Test
    void aConfidentRightAnswerCostsLittleAndAWrongOneMuch() {
        NDArray logits = manager.create(new float[] {10, 0, 0, 0, 10, 0}, new Shape(2, 3));
        float right = new SoftmaxCrossEntropy().evaluate(new NDList(manager.create(new float[] {0, 1})),
                new NDList(logits)).getFloat();
        float wrong = new SoftmaxCrossEntropy().evaluate(new NDList(manager.create(new float[] {2, 2})),
                new NDList(logits)).getFloat();
        double expectedRight = Math.log(1 + 2 * Math.exp(-10));
        assertEquals(expectedRight, right, 1e-6);
        assertEquals(10 + expectedRight, wrong, 1e-5);
    }

    private static float[][] lossAndGradient(Loss loss, NDArray logits, NDArray labels) {
        NDArray input = logits.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss.evaluate(new NDList(labels), new NDList(input));
            collector.backward(value);
            return new float[][] {{value.getFloat()}, input.getGradient().toFloatArray()};
        }
    }
}
