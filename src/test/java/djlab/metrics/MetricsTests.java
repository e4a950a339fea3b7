package djlab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TopKAccuracy} and {@link PerClassAccuracy} on a hand-made batch, accumulated over two batches. */
class MetricsTests {

    // 4 classes; per row the ranking of the classes by score
    private static final float[][] SCORES = {
        {0.1f, 0.5f, 0.3f, 0.1f},   // label 1: top-1 right
        {0.6f, 0.1f, 0.2f, 0.1f},   // label 2: second -> top-2 right
        {0.1f, 0.2f, 0.3f, 0.4f},   // label 0: last -> wrong in top-2 and top-3 (three classes score higher)
        {0.3f, 0.3f, 0.2f, 0.2f},   // label 1: tied first with class 0, argmax picks 0 -> top-1 wrong, top-2 right
    };
    private static final float[] LABELS = {1, 2, 0, 1};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDList predictions() {
        float[] flat = new float[16];
        for (int i = 0; i < 4; i++) System.arraycopy(SCORES[i], 0, flat, i * 4, 4);
        return new NDList(manager.create(flat, new Shape(4, 4)));
    }

    @Test
    void topKCountsALabelAmongTheKHighestScores() {
        TopKAccuracy top2 = new TopKAccuracy(2);
        top2.addAccumulator("test");
        top2.updateAccumulator("test", new NDList(manager.create(LABELS)), predictions());
        top2.updateAccumulator("test", new NDList(manager.create(LABELS)), predictions());

        assertEquals(0.75f, top2.getAccumulator("test"), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 0, 1}, top2.evaluate(new NDList(manager.create(LABELS)), predictions()).toFloatArray());
        TopKAccuracy top3 = new TopKAccuracy(3);
        top3.addAccumulator("x");
        top3.updateAccumulator("x", new NDList(manager.create(LABELS)), predictions());
        assertEquals(0.75f, top3.getAccumulator("x"), 1e-6f);
    }

    @Test
    void perClassAccuracyIsRightOverRecordsOfEachClass() {
        PerClassAccuracy perClass = new PerClassAccuracy(4);
        perClass.addAccumulator("test");
        perClass.updateAccumulator("test", new NDList(manager.create(LABELS)), predictions());
        perClass.updateAccumulator("test", new NDList(manager.create(LABELS)), predictions());

        // class 0: 0 of 2; class 1: 2 of 4 (row 0 right, row 3 wrong); class 2: 0 of 2; class 3: no records
        float[] accuracy = perClass.perClass("test");
        assertArrayEquals(new float[] {0f, 0.5f, 0f}, new float[] {accuracy[0], accuracy[1], accuracy[2]});
        assertEquals(Float.NaN, accuracy[3]);
        assertEquals(0.5f / 3, perClass.getAccumulator("test"), 1e-6f);
    }
}
