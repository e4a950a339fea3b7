package djlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each of our optimizers against its update formula, computed here in double precision element by element, over
 * three updates of a small tensor (so state such as momentum and running means is exercised), with L2 weight decay.
 */
class OptimizerFormulaTests {

    private static final double[] W0 = {0.5, -1.0, 2.0, 0.0};
    private static final double[][] GRADS = {{0.1, -0.2, 0.3, 0.05}, {-0.4, 0.1, 0.2, 0.0}, {0.25, 0.3, -0.1, -0.5}};
    private static final float LR = 0.1f;
    private static final float WD = 0.01f;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Runs three updates of {@code optimizer} on a weight named {@code name}; returns the weight after each. */
    private double[][] run(Optimizer optimizer, String name) {
        NDArray w = manager.create(toFloat(W0));
        w.setName(name);
        double[][] after = new double[GRADS.length][];
        for (int t = 0; t < GRADS.length; t++) {
            try (NDArray g = manager.create(toFloat(GRADS[t]))) {
                optimizer.update("p", w, g);
            }
            after[t] = toDouble(w.toFloatArray());
        }
        return after;
    }

    private static DecayPolicy decay() {
        return new DecayPolicy(WD, Set.of());
    }

    @Test
    void nesterovMomentum() {
        double mu = 0.9;
        double[] w = W0.clone();
        double[] b = new double[w.length];
        double[][] expected = new double[3][];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t][i] + WD * w[i];
                b[i] = mu * b[i] + g;
                w[i] -= LR * (g + mu * b[i]);
            }
            expected[t] = w.clone();
        }
        assertClose(expected, run(new NesterovSgd(Tracker.fixed(LR), decay(), (float) mu), "weight"));
    }

    @Test
    void sgdWithoutAndWithMomentumAsDjlsSgd() {
        // DJL's formula (the learning rate inside the velocity): v = mu * v + lr * (g + wd * w); w -= v.
        for (double mu : new double[] {0, 0.9}) {
            double[] w = W0.clone();
            double[] v = new double[w.length];
            double[][] expected = new double[3][];
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < w.length; i++) {
                    v[i] = mu * v[i] + LR * (GRADS[t][i] + WD * w[i]);
                    w[i] -= v[i];
                }
                expected[t] = w.clone();
            }
            Optimizer djls = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).optWeightDecays(WD)
                    .optMomentum((float) mu).build();
            assertClose(expected, run(djls, "weight"));
            assertClose(expected, run(new MomentumSgd(Tracker.fixed(LR), decay(), (float) mu), "weight"));
        }
    }

    @Test
    void adagrad() {
        double eps = 1e-10;
        double[] w = W0.clone();
        double[] s = new double[w.length];
        double[][] expected = new double[3][];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t][i] + WD * w[i];
                s[i] += g * g;
                w[i] -= LR * g / (Math.sqrt(s[i]) + eps);
            }
            expected[t] = w.clone();
        }
        assertClose(expected, run(new Adagrad(Tracker.fixed(LR), decay(), (float) eps), "weight"));
    }

    @Test
    void rmsPropWithoutAndWithMomentum() {
        for (double mu : new double[] {0, 0.9}) {
            double rho = 0.99;
            double eps = 1e-8;
            double[] w = W0.clone();
            double[] s = new double[w.length];
            double[] b = new double[w.length];
            double[][] expected = new double[3][];
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < w.length; i++) {
                    double g = GRADS[t][i] + WD * w[i];
                    s[i] = rho * s[i] + (1 - rho) * g * g;
                    double step = g / (Math.sqrt(s[i]) + eps);
                    if (mu > 0) {
                        b[i] = mu * b[i] + step;
                        w[i] -= LR * b[i];
                    } else {
                        w[i] -= LR * step;
                    }
                }
                expected[t] = w.clone();
            }
            assertClose(expected, run(new RmsProp(Tracker.fixed(LR), decay(), (float) rho, (float) mu, (float) eps), "weight"));
        }
    }

    @Test
    void adadelta() {
        double rho = 0.9;
        double eps = 1e-6;
        double lr = 1.0;
        double[] w = W0.clone();
        double[] s = new double[w.length];
        double[] u = new double[w.length];
        double[][] expected = new double[3][];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t][i] + WD * w[i];
                s[i] = rho * s[i] + (1 - rho) * g * g;
                double d = Math.sqrt(u[i] + eps) / Math.sqrt(s[i] + eps) * g;
                u[i] = rho * u[i] + (1 - rho) * d * d;
                w[i] -= lr * d;
            }
            expected[t] = w.clone();
        }
        assertClose(expected, run(new Adadelta(Tracker.fixed((float) lr), decay(), (float) rho, (float) eps), "weight"));
    }

    @Test
    void theLearningRateComesFromTheTrackerAtEachUpdateCount() {
        // Plain gradient steps (momentum and decay 0 make Nesterov SGD plain SGD) with lr = 0.1 * t.
        Tracker rising = t -> 0.1f * t;
        double[] w = W0.clone();
        double[][] expected = new double[3][];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < w.length; i++) w[i] -= 0.1 * (t + 1) * GRADS[t][i];
            expected[t] = w.clone();
        }
        assertClose(expected, run(new NesterovSgd(rising, DecayPolicy.none(), 0f), "weight"));
    }

    @Test
    void excludedKindsAreNotDecayed() {
        DecayPolicy policy = new DecayPolicy(0.5f, EnumSet.of(ParameterKind.BIAS, ParameterKind.BATCHNORM));
        // With a zero gradient only decay moves a weight: lr * wd * w = 0.05 w per step for a weight, nothing otherwise.
        for (String name : List.of("weight", "bias", "gamma", "beta")) {
            NDArray w = manager.create(new float[] {1f, -2f});
            w.setName(name);
            new Adagrad(Tracker.fixed(LR), policy, 1e-10f).update(name, w, manager.zeros(new Shape(2)));
            // Adagrad scales any non-zero step to lr * sign: decay alone gives w - 0.1 * sign(w).
            float[] expected = name.equals("weight") ? new float[] {0.9f, -1.9f} : new float[] {1f, -2f};
            assertArrayEquals(expected, w.toFloatArray(), 1e-6f, name);
        }
    }

    @Test
    void djlsOwnOptimizersGetMaskedDecay() {
        DecayPolicy policy = new DecayPolicy(WD, EnumSet.of(ParameterKind.BIAS));
        Optimizer masked = new DecayMasked(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).build(),
                Tracker.fixed(LR), policy, false);
        Optimizer decayed = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).optWeightDecays(WD).build();
        Optimizer plain = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).build();

        assertClose(run(decayed, "weight"), run(masked, "weight"));
        assertClose(run(plain, "bias"), run(masked, "bias"));
    }

    @Test
    void decoupledDecayShrinksTheWeightBeforeTheUpdate() {
        DecayPolicy policy = new DecayPolicy(0.5f, Set.of());
        Optimizer masked = new DecayMasked(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).build(),
                Tracker.fixed(LR), policy, true);
        double[] w = W0.clone();
        double[][] expected = new double[3][];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < w.length; i++) w[i] = w[i] - LR * 0.5 * w[i] - LR * GRADS[t][i];
            expected[t] = w.clone();
        }
        assertClose(expected, run(masked, "weight"));
    }

    @Test
    void aStepInATrainerLeavesTheGradientsZeroed() {
        // libtorch adds each backward pass's gradients to the last ones: DJL's own PyTorch updates zero them, ours must.
        try (Model model = Model.newInstance("zero")) {
            model.setBlock(Linear.builder().setUnits(2).build());
            Optimizer optimizer = new Adagrad(Tracker.fixed(LR), decay(), 1e-10f);
            // An L2 loss: with softmax cross-entropy the gradients sum to exactly zero over the classes, which DJL's
            // first-step check (all gradients summing to 0) can take for "no backward pass" at some random inputs.
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(optimizer))) {
                trainer.initialize(new Shape(3, 4));
                NDArray x = manager.create(new float[] {0.3f, -1.2f, 0.8f, 2f, 1.1f, 0.4f, -0.7f, 0.2f, -0.5f, 0.9f, 1.5f, -2f},
                        new Shape(3, 4));
                NDArray y = manager.create(new float[] {3, -1, 2, 0.5f, -2, 1}, new Shape(3, 2));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                }
                trainer.step();
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    for (float g : p.getValue().getArray().getGradient().toFloatArray()) assertEquals(0f, g, p.getKey());
                }
            }
        }
    }

    @Test
    void djlNamesParameterArraysByKind() {
        SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(BatchNorm.builder().build());
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        List<ParameterKind> kinds = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) kinds.add(ParameterKind.of(p.getValue().getArray()));
        }
        assertEquals(List.of(ParameterKind.WEIGHT, ParameterKind.BIAS, ParameterKind.BATCHNORM, ParameterKind.BATCHNORM), kinds);
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < expected[t].length; i++) {
                assertEquals(expected[t][i], actual[t][i], 1e-5 * Math.max(1, Math.abs(expected[t][i])),
                        "update " + (t + 1) + ", element " + i);
            }
        }
    }

    private static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return f;
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return d;
    }
}
