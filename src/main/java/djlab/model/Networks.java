package djlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import djlab.spec.InitSpec;
import djlab.spec.LayerSpec;
import djlab.spec.ModelSpec;
import djlab.spec.SpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code model} of a spec into a DJL {@link SequentialBlock}. Presets expand to a list of layers first, so
 * presets and explicit layers go through the same shape checks and the same block construction.
 */
public final class Networks {

    private Networks() {}

    /** A layer of the expanded network, with the spec field it came from (for error messages). */
    public record Layer(String field, LayerSpec spec) {}

    /**
     * Expands the model into layers (the output layer included, sized to {@code classes}) and checks that every
     * layer fits the shape coming into it.
     */
    public static List<Layer> layers(String file, ModelSpec model, Shape input, int classes) {
        List<Layer> layers = new ArrayList<>();
        switch (model.type()) {
            case "mlp" -> mlp(model, layers);
            case "cnn" -> cnn(model, layers);
            case "lenet" -> lenet(model, layers);
            default -> {
                for (int i = 0; i < model.layers().size(); i++) {
                    layers.add(new Layer("model.layers[" + i + "]", model.layers().get(i)));
                }
            }
        }
        // Layers may end on an image (conv or pooling): the output layer then needs a flatten before it.
        if (ShapeCheck.outputOf(file, layers, input).dimension() > 2) {
            layers.add(new Layer("model", new LayerSpec.Flatten()));
        }
        layers.add(new Layer("model (output layer, " + classes + " classes)", new LayerSpec.Dense(classes, null)));
        ShapeCheck.outputOf(file, layers, input);
        return layers;
    }

    /** The DJL block for the expanded layers, with the spec's initialiser on every weight. */
    public static SequentialBlock block(ModelSpec model, List<Layer> layers) {
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) {
            // One child per layer, so the architecture summary can name each child by its layer.
            List<Block> blocks = blocksOf(layer.spec());
            block.add(blocks.size() == 1 ? blocks.get(0) : new SequentialBlock().addAll(blocks));
        }
        block.setInitializer(initializer(model.init()), Parameter.Type.WEIGHT);
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

    private static List<Block> blocksOf(LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense d) {
            return withActivation(Linear.builder().setUnits(d.units()).build(), d.activation());
        } else if (layer instanceof LayerSpec.Conv2d c) {
            return withActivation(Conv2d.builder()
                    .setFilters(c.channels())
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .build(), c.activation());
        } else if (layer instanceof LayerSpec.BatchNorm) {
            return List.of(BatchNorm.builder().build());
        } else if (layer instanceof LayerSpec.Activation a) {
            return List.of(activation(a.function()));
        } else if (layer instanceof LayerSpec.MaxPool p) {
            return List.of(Pool.maxPool2dBlock(square(p.kernel()), square(p.stride()), square(p.padding())));
        } else if (layer instanceof LayerSpec.AvgPool p) {
            return List.of(Pool.avgPool2dBlock(square(p.kernel()), square(p.stride()), square(p.padding())));
        } else if (layer instanceof LayerSpec.Dropout d) {
            return List.of(Dropout.builder().optRate(d.rate().floatValue()).build());
        } else {
            return List.of(Blocks.batchFlattenBlock());
        }
    }

    private static Shape square(int size) {
        return new Shape(size, size);
    }

    private static List<Block> withActivation(Block block, String activation) {
        return activation == null ? List.of(block) : List.of(block, activation(activation));
    }

    static Block activation(String name) {
        return switch (name) {
            case "relu" -> Activation.reluBlock();
            case "tanh" -> Activation.tanhBlock();
            case "sigmoid" -> Activation.sigmoidBlock();
            case "leaky_relu" -> Activation.leakyReluBlock(0.01f);
            case "gelu" -> Activation.geluBlock();
            case "elu" -> Activation.eluBlock(1f);
            case "identity" -> new LambdaBlock(x -> x, "identity");
            default -> throw new SpecException(null, "activation", "unknown activation '" + name + "'");
        };
    }

    /** A short human description of a layer, for the architecture summary. */
    public static String describe(LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense d) {
            return "dense " + d.units() + suffix(d.activation());
        } else if (layer instanceof LayerSpec.Conv2d c) {
            return "conv2d " + c.channels() + "@" + c.kernel() + "x" + c.kernel() + " stride " + c.stride()
                    + " pad " + c.padding() + suffix(c.activation());
        } else if (layer instanceof LayerSpec.Activation a) {
            return a.function();
        } else if (layer instanceof LayerSpec.MaxPool p) {
            return "maxpool " + p.kernel() + "x" + p.kernel() + " stride " + p.stride() + " pad " + p.padding();
        } else if (layer instanceof LayerSpec.AvgPool p) {
            return "avgpool " + p.kernel() + "x" + p.kernel() + " stride " + p.stride() + " pad " + p.padding();
        } else if (layer instanceof LayerSpec.Dropout d) {
            return "dropout " + d.rate();
        }
        return layer instanceof LayerSpec.BatchNorm ? "batchnorm" : "flatten";
    }

    private static String suffix(String activation) {
        return activation == null ? "" : " + " + activation;
    }

    static Initializer initializer(InitSpec init) {
        return switch (init.type()) {
            case "normal" -> new NormalInitializer(init.std().floatValue());
            case "uniform" -> new UniformInitializer(init.scale().floatValue());
            case "kaiming" -> new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
            default -> new XavierInitializer();
        };
    }
}
