package djlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import djlab.spec.TrainSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link GradientClipping} on small tensors, against clamp and the global-norm formula. */
class GradientClippingTests {

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
    void byValueEveryElementIsClampedFromBothSides() {
        NDArray a = manager.create(new float[] {-3f, -0.5f, 0f, 0.7f, 2f});
        NDArray b = manager.create(new float[] {10f, -10f});

        new GradientClipping(new TrainSpec.ClipSpec(1.0, null)).clip(List.of(a, b));

        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.7f, 1f}, a.toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {1f, -1f}, b.toFloatArray(), 1e-7f);
    }

    @Test
    void byNormAllGradientsShrinkTogetherToTheGlobalNorm() {
        // ||(3, 4, 12)|| = 13; max norm 6.5 halves everything (up to the 1e-6 in the denominator)
        NDArray a = manager.create(new float[] {3f, 4f});
        NDArray b = manager.create(new float[] {12f});

        new GradientClipping(new TrainSpec.ClipSpec(null, 6.5)).clip(List.of(a, b));

        double f = 6.5 / (13 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * f), (float) (4 * f)}, a.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) (12 * f)}, b.toFloatArray(), 1e-6f);
    }

    @Test
    void gradientsWithinTheNormAreLeftAlone() {
        NDArray a = manager.create(new float[] {0.3f, -0.4f});

        new GradientClipping(new TrainSpec.ClipSpec(null, 1.0)).clip(List.of(a));

        assertArrayEquals(new float[] {0.3f, -0.4f}, a.toFloatArray(), 1e-7f);
    }

    @Test
    void theListenerClipsTheGradientsTheOptimizerWillSee() {
        try (Model model = Model.newInstance("clip")) {
            model.setBlock(Linear.builder().setUnits(3).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()))) {
                trainer.initialize(new Shape(4, 5));
                NDArray x = manager.randomNormal(new Shape(4, 5)).mul(100);
                NDArray y = manager.create(new float[] {0, 1, 2, 1});
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                }
                new GradientClipping(new TrainSpec.ClipSpec(0.01, null)).onTrainingBatch(trainer, null);
                float largest = 0;
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    for (float g : p.getValue().getArray().getGradient().toFloatArray()) largest = Math.max(largest, Math.abs(g));
                }
                assertEquals(0.01f, largest, 1e-7f, "the largest gradient element is clipped to the value");
            }
        }
    }

    @Test
    void valueClippingComesBeforeTheNorm() {
        // clamp to 2: (2, -2, 1); norm 3 -> within a max norm of 5, unchanged
        NDArray a = manager.create(new float[] {5f, -7f, 1f});

        new GradientClipping(new TrainSpec.ClipSpec(2.0, 5.0)).clip(List.of(a));

        assertArrayEquals(new float[] {2f, -2f, 1f}, a.toFloatArray(), 1e-6f);
    }
}
