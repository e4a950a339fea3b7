package djlab.spec;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SpecFiles#load}: YAML and JSON, defaults, the name taken from the file. */
class SpecLoadingTests {

    @TempDir
    Path dir;

    @Test
    void yamlAndJsonFilesGiveTheSameSpec() {
        Path yaml = write(dir, "full.yaml", """
                name: full
                description: every section given
                seed: 7
                data:
                  dataset: fashion-mnist
                  validation: 500
                  limit: {train: 2000, test: 300}
                model:
                  layers:
                    - {type: conv2d, channels: 8, kernel: 5, activation: relu}
                    - {type: maxpool}
                    - {type: batchnorm}
                    - {type: flatten}
                    - {type: dropout, rate: 0.25}
                    - {type: dense, units: 64, activation: tanh}
                  init: {type: normal, std: 0.02}
                train:
                  epochs: 4
                  batch_size: 64
                  optimizer: {type: adamw, lr: 0.002, weight_decay: 0.05, beta1: 0.8}
                  schedule: {type: multistep, milestones: [2, 3], gamma: 0.5, unit: epoch, warmup: 1}
                  log_every: 25
                  device: cpu
                """);
        Path json = write(dir, "full.json", """
                {
                  "name": "full",
                  "description": "every section given",
                  "seed": 7,
                  "data": {"dataset": "fashion-mnist", "validation": 500, "limit": {"train": 2000, "test": 300}},
                  "model": {
                    "layers": [
                      {"type": "conv2d", "channels": 8, "kernel": 5, "activation": "relu"},
                      {"type": "maxpool"},
                      {"type": "batchnorm"},
                      {"type": "flatten"},
                      {"type": "dropout", "rate": 0.25},
                      {"type": "dense", "units": 64, "activation": "tanh"}
                    ],
                    "init": {"type": "normal", "std": 0.02}
                  },
                  "train": {
                    "epochs": 4,
                    "batch_size": 64,
                    "optimizer": {"type": "adamw", "lr": 0.002, "weight_decay": 0.05, "beta1": 0.8},
                    "schedule": {"type": "multistep", "milestones": [2, 3], "gamma": 0.5, "unit": "epoch", "warmup": 1},
                    "log_every": 25,
                    "device": "cpu"
                  }
                }
                """);

        ExperimentSpec fromYaml = SpecFiles.load(yaml, List.of());
        ExperimentSpec fromJson = SpecFiles.load(json, List.of());

        assertEquals(fromYaml, fromJson);
        assertAll(
                () -> assertEquals(7L, fromYaml.seed()),
                () -> assertEquals("fashion-mnist", fromYaml.data().dataset()),
                () -> assertEquals(500.0, fromYaml.data().validation()),
                () -> assertEquals(new DataSpec.Limit(2000, 300), fromYaml.data().limit()),
                () -> assertEquals("layers", fromYaml.model().type()),
                () -> assertEquals(new LayerSpec.Conv2d(8, 5, 1, 0, "relu"), fromYaml.model().layers().get(0)),
                () -> assertEquals(new LayerSpec.MaxPool(2, 2, 0), fromYaml.model().layers().get(1)),
                () -> assertEquals(new LayerSpec.Dropout(0.25), fromYaml.model().layers().get(4)),
                () -> assertEquals(new LayerSpec.Dense(64, "tanh"), fromYaml.model().layers().get(5)),
                () -> assertEquals(0.02, fromYaml.model().init().std()),
                () -> assertEquals(64, fromYaml.train().batchSize()),
                () -> assertEquals(0.05, fromYaml.train().optimizer().weightDecay()),
                () -> assertEquals(0.8, fromYaml.train().optimizer().beta1()),
                () -> assertEquals(0.999, fromYaml.train().optimizer().beta2()),
                () -> assertEquals(List.of(2, 3), fromYaml.train().schedule().milestones()),
                () -> assertEquals("epoch", fromYaml.train().schedule().unit()),
                () -> assertEquals(25, fromYaml.train().logEvery()));
    }

    @Test
    void anEmptyMappingGetsEveryDefault() {
        ExperimentSpec spec = SpecFiles.load(write(dir, "defaults.yaml", "{}\n"), List.of());

        assertAll(
                () -> assertEquals("defaults", spec.name()),
                () -> assertNull(spec.description()),
                () -> assertEquals(42L, spec.seed()),
                () -> assertEquals("mnist", spec.data().dataset()),
                () -> assertEquals(0.1, spec.data().validation()),
                () -> assertEquals(new DataSpec.Limit(null, null), spec.data().limit()),
                () -> assertEquals("mlp", spec.model().type()),
                () -> assertEquals(List.of(512), spec.model().hidden()),
                () -> assertEquals("relu", spec.model().activation()),
                () -> assertEquals(false, spec.model().batchnorm()),
                () -> assertEquals(0.0, spec.model().dropout()),
                () -> assertEquals("xavier", spec.model().init().type()),
                () -> assertEquals(5, spec.train().epochs()),
                () -> assertEquals(100, spec.train().batchSize()),
                () -> assertEquals(50, spec.train().logEvery()),
                () -> assertEquals("auto", spec.train().device()),
                () -> assertEquals("sgd", spec.train().optimizer().type()),
                () -> assertEquals(0.1, spec.train().optimizer().lr()),
                () -> assertEquals(0.0, spec.train().optimizer().momentum()),
                () -> assertEquals(0.0, spec.train().optimizer().weightDecay()),
                () -> assertEquals("constant", spec.train().schedule().type()),
                () -> assertEquals("iteration", spec.train().schedule().unit()),
                () -> assertEquals(0, spec.train().schedule().warmup()));
    }

    @ParameterizedTest(name = "{0}: lr {1}, weight decay {2}")
    @CsvSource({
        "sgd,   0.1,   0.0",
        "adam,  0.001, 0.0",
        "adamw, 0.001, 0.01",
    })
    void optimizerDefaultsDependOnItsType(String type, double lr, double weightDecay) {
        ExperimentSpec spec = SpecFiles.load(write(dir, "opt.yaml", "train: {optimizer: {type: " + type + "}}\n"), List.of());

        assertEquals(lr, spec.train().optimizer().lr());
        assertEquals(weightDecay, spec.train().optimizer().weightDecay());
    }

    @Test
    void adamGetsItsBetasAndNoMomentum() {
        OptimizerSpec adam = SpecFiles.load(write(dir, "adam.yaml", "train: {optimizer: {type: adam}}\n"), List.of())
                .train().optimizer();

        assertAll(
                () -> assertEquals(0.9, adam.beta1()),
                () -> assertEquals(0.999, adam.beta2()),
                () -> assertEquals(1e-8, adam.epsilon()),
                () -> assertNull(adam.momentum()),
                () -> assertNull(adam.nesterov()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{type: step, step: 3}                    | 0.1  | ",
        "{type: multistep, milestones: [5]}       | 0.1  | ",
        "{type: exponential}                      | 0.95 | ",
        "{type: cosine}                           |      | 0.0",
        "{type: constant}                         |      | ",
    })
    void scheduleDefaultsDependOnItsType(String schedule, Double gamma, Double minLr) {
        ScheduleSpec spec = SpecFiles.load(write(dir, "s.yaml", "train: {schedule: " + schedule + "}\n"), List.of())
                .train().schedule();

        assertEquals(gamma, spec.gamma());
        assertEquals(minLr, spec.minLr());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "baseline.yaml,     baseline",
        "mlp-wide.yml,      mlp-wide",
        "lenet.json,        lenet",
        "sweep.lr.0.1.yaml, sweep.lr.0.1",
        "noextension,       noextension",
    })
    void nameComesFromTheFileNameWhenAbsent(String fileName, String name) {
        assertEquals(name, SpecFiles.load(write(dir, fileName, "{\"seed\": 1}\n"), List.of()).name());
    }

    @Test
    void nameGivenInTheFileWins() {
        assertEquals("chosen", SpecFiles.load(write(dir, "file-name.yaml", "name: chosen\n"), List.of()).name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cnn   | [32, 64] | [128] | 3",
        "mlp   | [512]    |       | ",
        "lenet |          |       | ",
    })
    void presetModelDefaults(String type, String hidden, String dense, Integer kernel) {
        ModelSpec model = SpecFiles.load(write(dir, "m.yaml", "model: {type: " + type + "}\n"), List.of()).model();

        assertEquals(hidden, model.hidden() == null ? null : model.hidden().toString());
        assertEquals(dense, model.dense() == null ? null : model.dense().toString());
        assertEquals(kernel, model.kernel());
    }

    @Test
    void theYamlWrittenForASpecReadsBackToAnEqualSpec() {
        ExperimentSpec spec = SpecFiles.load(write(dir, "original.yaml", """
                data: {validation: 0.2, limit: {train: 1000}}
                model: {type: cnn, hidden: [4, 8], dense: [16], batchnorm: true, dropout: 0.3}
                train: {optimizer: {type: adam, lr: 0.01}, schedule: {type: cosine, min_lr: 0.0001, warmup: 10}}
                """), List.of());

        Path copy = write(dir, "copy/spec.yaml", SpecFiles.toYaml(spec));

        assertEquals(spec, SpecFiles.load(copy, List.of()));
    }
}
