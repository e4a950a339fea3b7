package djlab.spec;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.djl.ndarray.types.Shape;
import djlab.model.Networks;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalogue's fields, each rejected with one line naming file and field, before any training. */
class CatalogueBadSpecTests {

    @TempDir
    Path dir;

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                // data
                arguments("data: {augment: {flip: horizontal}}", "data.augment.flip: a flipped digit is another shape "
                        + "(or no digit); flips make sense for fashion-mnist, cifar10 and image-folder, expected none"),
                arguments("data: {augment: {shift: 14}}", "data.augment.shift: expected an integer in [0, 13], got 14"),
                arguments("data: {augment: {rotate: 200}}", "data.augment.rotate: expected degrees in [0, 180], got 200"),
                arguments("data: {augment: {zoom: 1}}", "data.augment.zoom: expected a fraction in [0, 1), got 1"),
                arguments("data: {augment: {flip: sideways}}", "data.augment.flip: expected one of none, horizontal, "
                        + "vertical, both, got 'sideways'"),
                arguments("data: {normalize: {std: [0]}}", "data.normalize.std[0]: expected a number > 0, got 0"),
                arguments("data: {dataset: cifar10, normalize: {mean: [0.5, 0.5]}}",
                        "data.normalize.mean: expected 3 values (one per channel), got 2"),
                arguments("data: {image: {channels: 1}}", "data.image: applies to image-folder only; mnist images "
                        + "have a fixed size"),
                arguments("data: {dataset: image-folder}", "data.dir: required for image-folder: a folder of class "
                        + "sub-folders of images (or of train/ and test/ folders holding them), got nothing"),
                arguments("data: {dataset: image-folder, dir: x, image: {channels: 2}}",
                        "data.image.channels: expected 1 (grey) or 3 (colour), got 2"),
                arguments("data: {dataset: image-folder, dir: x, normalize: {}}",
                        "data.normalize: image-folder has no usual values: give mean and std (one per channel)"),
                // model
                arguments("model: {type: resnet, depth: 19}",
                        "model.depth: expected one of 18, 34, 50, 101 (or leave it out and give model.blocks), got 19"),
                arguments("model: {type: resnet, blocks: []}", "model.blocks: expected 1 to 6 stages (blocks per stage), got 0"),
                arguments("model: {type: resnet, stem: huge}", "model.stem: expected one of small, imagenet, got 'huge'"),
                arguments("model: {type: resnet, hidden: [8]}",
                        "model.hidden: not used here (resnet's widths are model.width and model.blocks)"),
                arguments("model: {type: mlp, depth: 18}", "model.depth: applies to resnet only"),
                arguments("model: {init: {type: normal, conv: {type: kaiming, std: 0.1}}}",
                        "model.init.conv.std: applies to type normal only"),
                arguments("model: {layers: [{type: residual}]}",
                        "model.layers[0].layers: required: the layers of the residual branch, got nothing"),
                arguments("model: {layers: [{type: residual, shortcut: skip, layers: [{type: flatten}]}]}",
                        "model.layers[0].shortcut: expected one of auto, identity, projection, got 'skip'"),
                arguments("model: {layers: [{type: residual, shortcut: identity, layers: [{type: conv2d, channels: 4}]}]}",
                        "model.layers[0].shortcut: identity needs the branch to keep the shape 1x28x28, but it gives "
                                + "4x26x26; use auto or projection"),
                arguments("model: {layers: [{type: residual, layers: [{type: flatten}]}]}", "model.layers[0]: the "
                        + "branch turns 1x28x28 into 784 features; a shortcut can change channels, features and image "
                        + "size, not flatten"),
                arguments("model: {layers: [{type: flatten}, {type: global_avgpool}]}", "model.layers[1]: a global "
                        + "pooling layer needs an image input (channels x height x width), got 784 features"),
                arguments("model: {layers: [{type: separable_conv2d}]}", "model.layers[0].channels: required, got nothing"),
                arguments("model: {use: resnet81}", "model.use: expected one of "),
                // train
                arguments("train: {optimizer: {type: adam, rho: 0.9}}", "train.optimizer.rho: applies to rmsprop and adadelta only"),
                arguments("train: {optimizer: {type: rmsprop, beta1: 0.9}}",
                        "train.optimizer: beta1 and beta2 apply to adam and adamw only"),
                arguments("train: {optimizer: {type: adadelta, rho: 1}}", "train.optimizer.rho: expected a number in [0, 1), got 1"),
                arguments("train: {optimizer: {nesterov: true, momentum: 0}}",
                        "train.optimizer.nesterov: needs momentum > 0, got momentum 0"),
                arguments("train: {optimizer: {weight_decay_exclude: [biases]}}",
                        "train.optimizer.weight_decay_exclude[0]: expected one of bias, batchnorm, got 'biases' "
                                + "(did you mean 'bias'?)"),
                arguments("train: {loss: {type: focal}}", "train.loss.type: expected one of softmax_cross_entropy, "
                        + "weighted_cross_entropy, got 'focal'"),
                arguments("train: {loss: {weights: [1, 2]}}", "train.loss.weights: applies to weighted_cross_entropy only"),
                arguments("train: {loss: {type: weighted_cross_entropy, weights: [1, 2]}}",
                        "train.loss.weights: expected one weight per class (10), got 2"),
                arguments("train: {loss: {label_smoothing: 1}}", "train.loss.label_smoothing: expected a number in [0, 1), got 1"),
                arguments("train: {clip: {}}", "train.clip: expected value (clip each element) or norm (clip the "
                        + "global norm), or both"),
                arguments("train: {clip: {norm: -1}}", "train.clip.norm: expected a number > 0, got -1"),
                arguments("data: {validation: 0}\ntrain: {early_stopping: {}}", "train.early_stopping.metric: "
                        + "'validate_loss' needs a validation set, but data.validation is 0; watch another metric or "
                        + "hold out records"),
                arguments("train: {early_stopping: {metric: test_top5_accuracy}}", "train.early_stopping.metric: "
                        + "'test_top5_accuracy' is recorded only with train.metrics.top_k 5; set it, or watch one of "
                        + "train_loss, train_accuracy, validate_loss, validate_accuracy, test_loss, test_accuracy"),
                arguments("train: {early_stopping: {metric: test_accuray}}", "train.early_stopping.metric: expected one of "
                        + "train_loss, train_accuracy, validate_loss, validate_accuracy, test_loss, test_accuracy, got "
                        + "'test_accuray' (did you mean 'test_accuracy'?)"),
                arguments("train: {early_stopping: {patience: 0}}", "train.early_stopping.patience: expected an integer >= 1, got 0"),
                arguments("train: {metrics: {top_k: 10}}", "train.metrics.top_k: expected fewer than the 10 classes, got 10"),
                arguments("train: {metrics: {top_k: 1}}", "train.metrics.top_k: expected an integer >= 2, got 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void aBadCatalogueFieldGivesOneLineNamingFileAndField(String yaml, String expected) {
        Path file = write(dir, "bad.yaml", yaml + "\n");

        BadInputException e = assertThrows(BadInputException.class, () -> {
            ExperimentSpec spec = SpecFiles.load(file, List.of());
            Networks.layers(file.toString(), spec.model(), new Shape(1, 1, 28, 28), 10);
        });

        String message = e.getMessage();
        if (expected.endsWith(" ")) {
            assertEquals(file + ": " + expected, message.substring(0, Math.min(message.length(), (file + ": " + expected).length())));
        } else {
            assertEquals(file + ": " + expected, message);
        }
    }
}
