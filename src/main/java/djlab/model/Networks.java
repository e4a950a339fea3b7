package djlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import djlab.model.layers.BranchesLayer;
import djlab.model.layers.LayerKinds;
import djlab.spec.InitSpec;
import djlab.spec.LayerSpec;
import djlab.spec.ModelSpec;
import djlab.spec.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code model} of a spec into a DJL {@link SequentialBlock}. Presets expand to a list of layers first, so
 * presets and explicit layers go through the same shape checks and the same block construction; each layer's shape
 * rule, block and description are its kind's ({@link LayerKinds}).
 */
public final class Networks {

    private Networks() {}

    /**
     * A layer of the expanded network, with the spec field it came from (for error messages) and, once checked by
     * {@link #layers}, the shape of one example coming into it (separable and residual layers need the channels).
     */
    public record Layer(String field, LayerSpec spec, long[] input) {
        public Layer(String field, LayerSpec spec) {
            this(field, spec, null);
        }
    }

    /**
     * Expands the model into layers (the output layer included, sized to {@code classes}) and checks that every
     * layer fits the shape coming into it.
     */
    public static List<Layer> layers(String file, ModelSpec model, Shape input, int classes) {
        return layers(file, model, input, classes, 1);
    }

    /**
     * As {@link #layers(String, ModelSpec, Shape, int)} for a data set with {@code heads} output heads of
     * {@code classes} each: a network ending in {@code branches} joined as {@code heads} gets one output layer per
     * branch; any other gets one output layer of {@code heads * classes} units split into the heads.
     */
    public static List<Layer> layers(String file, ModelSpec model, Shape input, int classes, int heads) {
        List<Layer> layers = new ArrayList<>();
        switch (model.type()) {
            case "mlp" -> mlp(model, layers);
            case "cnn" -> cnn(model, layers);
            case "lenet" -> lenet(model, layers);
            case "resnet" -> ResNets.expand(model, layers);
            default -> {
                for (int i = 0; i < model.layers().size(); i++) {
                    layers.add(new Layer("model.layers[" + i + "]", model.layers().get(i)));
                }
            }
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            if (LayerKinds.outputs(layers.get(i).spec())) {
                throw new BadInputException(file, layers.get(i).field(), "the network's outputs (split_heads, or branches "
                        + "joined as heads) must be its last layer");
            }
        }
        Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (last != null && last.spec() instanceof LayerSpec.Branches b && b.join().equals("heads")) {
            // Each branch ends in its own output head.
            List<Layer> before = layers.subList(0, layers.size() - 1);
            long[] in = outputOf(file, before, input);
            layers.set(layers.size() - 1, BranchesLayer.withOutputs(file, last, in, classes, heads));
        } else {
            // Layers may end on an image (conv or pooling): the output layer then needs a flatten before it.
            if (outputOf(file, layers, input).length > 1) {
                layers.add(new Layer("model", new LayerSpec.Flatten()));
            }
            if (heads == 1) {
                layers.add(new Layer("model (output layer, " + classes + " classes)", new LayerSpec.Dense(classes, null)));
            } else {
                layers.add(new Layer("model (output layer, " + heads + " heads x " + classes + " classes)",
                        new LayerSpec.Dense(heads * classes, null)));
                layers.add(new Layer("model (output heads)", new LayerSpec.SplitHeads(heads)));
            }
        }
        outputOf(file, layers, input);
        List<Layer> checked = new ArrayList<>();
        long[] shape = input.slice(1).getShape();
        for (Layer layer : layers) {
            checked.add(new Layer(layer.field(), layer.spec(), shape));
            shape = LayerKinds.next(file, layer, shape);
        }
        return checked;
    }

    /**
     * The output shape of one example (no batch axis) after all layers, each checked against the shape coming into
     * it by its kind's shape rule, which rejects a network that cannot be built in the user's terms (naming the spec
     * field of the layer at fault) before DJL would fail with an engine error.
     */
    private static long[] outputOf(String file, List<Layer> layers, Shape input) {
        long[] shape = input.slice(1).getShape();
        for (Layer layer : layers) shape = LayerKinds.next(file, layer, shape);
        return shape;
    }

    /** Whether any layer, inside residual blocks and branches too, is a batch norm. */
    public static boolean hasBatchNorm(List<Layer> layers) {
        return layers.stream().anyMatch(layer -> hasBatchNorm(layer.spec()));
    }

    private static boolean hasBatchNorm(LayerSpec spec) {
        return spec instanceof LayerSpec.BatchNorm || LayerKinds.inner(spec).stream().anyMatch(Networks::hasBatchNorm);
    }

    /** The DJL block for the layers checked by {@link #layers}, with the spec's initialisers on the weights. */
    public static SequentialBlock block(ModelSpec model, List<Layer> layers) {
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) {
            // One child per layer, so the architecture summary can name each child by its layer.
            block.add(LayerKinds.block(layer, layer.input()));
        }
        initialise(block, model.init());
        return block;
    }

    private static void mlp(ModelSpec m, List<Layer> out) {
        out.add(new Layer("model.type", new LayerSpec.Flatten()));
        for (int i = 0; i < m.hidden().size(); i++) {
            String field = "model.hidden[" + i + "]";
            out.add(new Layer(field, new LayerSpec.Dense(m.hidden().get(i), null)));
            regularised(m, field, out);
        }
    }

    private static void cnn(ModelSpec m, List<Layer> out) {
        for (int i = 0; i < m.hidden().size(); i++) {
            String field = "model.hidden[" + i + "]";
            out.add(new Layer(field, new LayerSpec.Conv2d(m.hidden().get(i), m.kernel(), 1, m.kernel() / 2, null)));
            if (m.batchnorm()) out.add(new Layer(field, new LayerSpec.BatchNorm()));
            out.add(new Layer(field, new LayerSpec.Activation(m.activation())));
            out.add(new Layer(field, new LayerSpec.MaxPool(2, 2, 0)));
        }
        out.add(new Layer("model.type", new LayerSpec.Flatten()));
        for (int i = 0; i < m.dense().size(); i++) {
            String field = "model.dense[" + i + "]";
            out.add(new Layer(field, new LayerSpec.Dense(m.dense().get(i), null)));
            out.add(new Layer(field, new LayerSpec.Activation(m.activation())));
            if (m.dropout() > 0) out.add(new Layer("model.dropout", new LayerSpec.Dropout(m.dropout())));
        }
    }

    /** LeNet-5 as in the bench and the reports: 6@5x5 and 16@5x5 valid convolutions, 120 and 84 dense units. */
    private static void lenet(ModelSpec m, List<Layer> out) {
        for (int channels : new int[] {6, 16}) {
            out.add(new Layer("model.type", new LayerSpec.Conv2d(channels, 5, 1, 0, null)));
            if (m.batchnorm()) out.add(new Layer("model.batchnorm", new LayerSpec.BatchNorm()));
            out.add(new Layer("model.type", new LayerSpec.Activation(m.activation())));
            out.add(new Layer("model.type", new LayerSpec.MaxPool(2, 2, 0)));
        }
        out.add(new Layer("model.type", new LayerSpec.Flatten()));
        for (int units : new int[] {120, 84}) {
            out.add(new Layer("model.type", new LayerSpec.Dense(units, null)));
            regularised(m, "model.type", out);
        }
    }

    /** Batch norm before the activation (as in the batch-norm paper), dropout after it. */
    private static void regularised(ModelSpec m, String field, List<Layer> out) {
        if (m.batchnorm()) out.add(new Layer("model.batchnorm", new LayerSpec.BatchNorm()));
        out.add(new Layer(field, new LayerSpec.Activation(m.activation())));
        if (m.dropout() > 0) out.add(new Layer("model.dropout", new LayerSpec.Dropout(m.dropout())));
    }

    /** A short human description of a layer, for the architecture summary (its kind's: {@link LayerKinds}). */
    public static String describe(LayerSpec layer) {
        return LayerKinds.describe(layer);
    }

    /** The spec's initialiser on every weight, then the per-kind ones on convolutions and dense layers. */
    private static void initialise(Block block, InitSpec init) {
        block.setInitializer(initializer(init), Parameter.Type.WEIGHT);
        if (init.conv() != null) onKind(block, Conv2d.class, initializer(init.conv()));
        if (init.dense() != null) onKind(block, Linear.class, initializer(init.dense()));
    }

    private static void onKind(Block block, Class<? extends Block> kind, Initializer initializer) {
        if (kind.isInstance(block)) {
            block.setInitializer(initializer, Parameter.Type.WEIGHT);
            return;
        }
        block.getChildren().values().forEach(child -> onKind(child, kind, initializer));
    }

    static Initializer initializer(InitSpec init) {
        return Initializers.of(init);
    }
}
