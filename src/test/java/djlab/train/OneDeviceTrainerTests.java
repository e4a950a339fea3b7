package djlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import djlab.TestSupport;
import djlab.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OneDeviceTrainer} trains exactly as DJL's own trainer: the same weights, to the last bit, after several
 * steps with each kind of optimizer (ours and DJL's), so handing the optimizer the weight's own gradient instead of
 * DJL's copy changes nothing but the time.
 */
class OneDeviceTrainerTests {

    private static final int STEPS = 6;

    @ParameterizedTest
    @ValueSource(strings = {"{type: sgd, momentum: 0.9}", "{type: sgd, momentum: 0, weight_decay: 0.01}",
            "{type: sgd, momentum: 0.9, nesterov: true}", "{type: adam}", "{type: rmsprop}",
            "{type: adam, weight_decay: 0.01, weight_decay_exclude: [bias]}"})
    void trainsAsDjlsTrainer(String optimizerYaml) {
        List<float[]> djls = train(optimizerYaml, Model::newTrainer);
        List<float[]> ours = train(optimizerYaml, OneDeviceTrainer::of);
        assertEquals(djls.size(), ours.size());
        for (int i = 0; i < djls.size(); i++) assertArrayEquals(djls.get(i), ours.get(i), 0f, optimizerYaml);
    }

    /** The parameters after {@link #STEPS} steps on fixed random data, from the same initial weights. */
    private static List<float[]> train(String optimizerYaml, BiFunction<Model, TrainingConfig, Trainer> trainers) {
        ExperimentSpec spec = TestSupport.spec("train: {optimizer: " + optimizerYaml + "}");
        Schedule schedule = new Schedule(spec.train().schedule(), spec.train().optimizer().lr(), 10, 100);
        // An L2 loss: softmax cross-entropy's gradients can sum to zero, which DJL's first step takes for a mistake.
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Training.optimizer(spec.train().optimizer(), schedule));
        try (Model model = Model.newInstance("steps");
                NDManager data = NDManager.newBaseManager()) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(3).build()));
            Engine.getInstance().setRandomSeed(11);
            NDArray x = data.randomNormal(0, 1, new Shape(16, 5), DataType.FLOAT32);
            NDArray y = data.randomNormal(0, 1, new Shape(16, 3), DataType.FLOAT32);
            try (Trainer trainer = trainers.apply(model, config)) {
                trainer.initialize(new Shape(16, 5));
                for (int step = 0; step < STEPS; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        collector.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                    }
                    trainer.step();
                }
            }
            List<float[]> parameters = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                parameters.add(p.getValue().getArray().toFloatArray());
            }
            return parameters;
        }
    }
}
