package djlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
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
import djlab.spec.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code model} of a spec into a DJL {@link SequentialBlock}. Presets expand to a list of layers first, so
 * presets and explicit layers go through the same shape checks and the same block construction.
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
            LayerSpec spec = layers.get(i).spec();
            if (spec instanceof LayerSpec.SplitHeads || spec instanceof LayerSpec.Branches b && b.join().equals("heads")) {
                throw new BadInputException(file, layers.get(i).field(), "the network's outputs (split_heads, or branches "
                        + "joined as heads) must be its last layer");
            }
        }
        Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (last != null && last.spec() instanceof LayerSpec.Branches b && b.join().equals("heads")) {
            // Each branch ends in its own output head.
            List<Layer> before = layers.subList(0, layers.size() - 1);
            long[] in = ShapeCheck.outputOf(file, before, input).slice(1).getShape();
            layers.set(layers.size() - 1, Branching.withOutputs(file, last, in, classes, heads));
        } else {
            // Layers may end on an image (conv or pooling): the output layer then needs a flatten before it.
            if (ShapeCheck.outputOf(file, layers, input).dimension() > 2) {
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
        ShapeCheck.outputOf(file, layers, input);
        List<Layer> checked = new ArrayList<>();
        long[] shape = input.slice(1).getShape();
        for (Layer layer : layers) {
            checked.add(new Layer(layer.field(), layer.spec(), shape));
            shape = ShapeCheck.next(file, layer, shape);
        }
        return checked;
    }

    /** Whether any layer, inside residual blocks and branches too, is a batch norm. */
    public static boolean hasBatchNorm(List<Layer> layers) {
        return layers.stream().anyMatch(layer -> hasBatchNorm(layer.spec()));
    }

    private static boolean hasBatchNorm(LayerSpec spec) {
        if (spec instanceof LayerSpec.BatchNorm) return true;
        if (spec instanceof LayerSpec.Residual r) return r.layers().stream().anyMatch(Networks::hasBatchNorm);
        if (spec instanceof LayerSpec.Branches b) {
            return b.branches().stream().anyMatch(branch -> branch.layers() != null
                    && branch.layers().stream().anyMatch(Networks::hasBatchNorm));
        }
        return false;
    }

    /** The layers of a residual branch, each named by its place under the residual's field. */
    static List<Layer> inner(String field, LayerSpec.Residual residual) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < residual.layers().size(); i++) {
            layers.add(new Layer(field + ".layers[" + i + "]", residual.layers().get(i)));
        }
        return layers;
    }

    /** The DJL block for the layers checked by {@link #layers}, with the spec's initialisers on the weights. */
    public static SequentialBlock block(ModelSpec model, List<Layer> layers) {
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) {
            // One child per layer, so the architecture summary can name each child by its layer.
            block.add(blockOf(layer, layer.input()));
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

    /** One layer's block; {@code in} is its input shape (one example), null when unknown. */
    static Block blockOf(Layer layer, long[] in) {
        List<Block> blocks = blocksOf(layer, in);
        return blocks.size() == 1 ? blocks.get(0) : new SequentialBlock().addAll(blocks);
    }

    private static List<Block> blocksOf(Layer layer, long[] in) {
        LayerSpec spec = layer.spec();
        if (spec instanceof LayerSpec.Dense d) {
            return withActivation(Linear.builder().setUnits(d.units()).optBias(d.bias() == null || d.bias()).build(),
                    d.activation());
        } else if (spec instanceof LayerSpec.Conv2d c) {
            return withActivation(conv(c.channels(), c.kernel(), c.stride(), c.padding(), 1, c.bias()), c.activation());
        } else if (spec instanceof LayerSpec.SeparableConv2d c) {
            int channels = (int) needShape(layer, in)[0];
            // Depthwise without a bias (the pointwise one follows), as Keras' SeparableConv2D.
            Block depthwise = conv(channels, c.kernel(), c.stride(), c.padding(), channels, false);
            Block pointwise = conv(c.channels(), 1, 1, 0, 1, c.bias());
            List<Block> blocks = new ArrayList<>(List.of(depthwise, pointwise));
            if (c.activation() != null) blocks.add(activation(c.activation()));
            return blocks;
        } else if (spec instanceof LayerSpec.Residual r) {
            return List.of(residual(layer, r, needShape(layer, in)));
        } else if (spec instanceof LayerSpec.Crop c) {
            return List.of(Branching.crop(Branching.bounds(null, layer.field(), c.region(), c.rows(), c.cols(),
                    needShape(layer, in))));
        } else if (spec instanceof LayerSpec.Branches b) {
            return List.of(Branching.block(layer, b, needShape(layer, in)));
        } else if (spec instanceof LayerSpec.SplitHeads h) {
            return List.of(Branching.splitHeads(h.heads()));
        } else if (spec instanceof LayerSpec.BatchNorm) {
            return List.of(BatchNorm.builder().build());
        } else if (spec instanceof LayerSpec.Activation a) {
            return List.of(activation(a.function()));
        } else if (spec instanceof LayerSpec.MaxPool p) {
            return List.of(Pool.maxPool2dBlock(square(p.kernel()), square(p.stride()), square(p.padding())));
        } else if (spec instanceof LayerSpec.AvgPool p) {
            return List.of(Pool.avgPool2dBlock(square(p.kernel()), square(p.stride()), square(p.padding())));
        } else if (spec instanceof LayerSpec.GlobalAvgPool) {
            return List.of(Pool.globalAvgPool2dBlock());
        } else if (spec instanceof LayerSpec.GlobalMaxPool) {
            return List.of(Pool.globalMaxPool2dBlock());
        } else if (spec instanceof LayerSpec.Dropout d) {
            return List.of(Dropout.builder().optRate(d.rate().floatValue()).build());
        } else {
            return List.of(Blocks.batchFlattenBlock());
        }
    }

    private static long[] needShape(Layer layer, long[] in) {
        if (in == null) {
            throw new IllegalStateException(layer.field() + ": building this layer needs its input shape; "
                    + "build from the layers Networks.layers returns");
        }
        return in;
    }

    private static Block conv(int channels, int kernel, int stride, int padding, int groups, Boolean bias) {
        return Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(square(kernel))
                .optStride(square(stride))
                .optPadding(square(padding))
                .optGroups(groups)
                .optBias(bias == null || bias)
                .build();
    }

    /**
     * {@code activation(branch(x) + shortcut(x))} as a DJL {@link ParallelBlock} whose join adds the two outputs (as
     * DJL's own ResNetV1 does). The projection shortcut gets a batch norm when the branch has one.
     */
    private static Block residual(Layer layer, LayerSpec.Residual r, long[] in) {
        SequentialBlock branch = new SequentialBlock();
        long[] shape = in;
        boolean batchnorm = false;
        for (Layer inner : inner(layer.field(), r)) {
            branch.add(blockOf(inner, shape));
            shape = ShapeCheck.next(null, inner, shape);
            batchnorm |= inner.spec() instanceof LayerSpec.BatchNorm;
        }
        int stride = ShapeCheck.shortcutStride(null, layer, r, in, shape);
        Block shortcut;
        if (stride == 0) {
            shortcut = Blocks.identityBlock();
        } else {
            Block projection = shape.length == 1
                    ? Linear.builder().setUnits(shape[0]).optBias(false).build()
                    : conv((int) shape[0], 1, stride, 0, 1, false);
            shortcut = batchnorm ? new SequentialBlock().add(projection).add(BatchNorm.builder().build()) : projection;
        }
        ParallelBlock sum = new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(branch, shortcut));
        return new SequentialBlock().add(sum).add(activation(r.activation()));
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
            default -> throw new BadInputException(null, "activation", "unknown activation '" + name + "'");
        };
    }

    /** A short human description of a layer, for the architecture summary. */
    public static String describe(LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense d) {
            return "dense " + d.units() + noBias(d.bias()) + suffix(d.activation());
        } else if (layer instanceof LayerSpec.Conv2d c) {
            return "conv2d " + c.channels() + "@" + c.kernel() + "x" + c.kernel() + " stride " + c.stride()
                    + " pad " + c.padding() + noBias(c.bias()) + suffix(c.activation());
        } else if (layer instanceof LayerSpec.SeparableConv2d c) {
            return "separable_conv2d " + c.channels() + "@" + c.kernel() + "x" + c.kernel() + " stride " + c.stride()
                    + " pad " + c.padding() + noBias(c.bias()) + suffix(c.activation());
        } else if (layer instanceof LayerSpec.Residual r) {
            List<String> parts = new ArrayList<>();
            for (LayerSpec inner : r.layers()) parts.add(brief(inner));
            return "residual [" + String.join(", ", parts) + "] + " + r.activation();
        } else if (layer instanceof LayerSpec.Activation a) {
            return a.function();
        } else if (layer instanceof LayerSpec.Crop c) {
            return "crop " + (c.region() != null ? c.region() : "rows " + c.rows() + " cols " + c.cols());
        } else if (layer instanceof LayerSpec.Branches b) {
            return Branching.describe(b);
        } else if (layer instanceof LayerSpec.SplitHeads h) {
            return "split into " + h.heads() + " heads";
        } else if (layer instanceof LayerSpec.MaxPool p) {
            return "maxpool " + p.kernel() + "x" + p.kernel() + " stride " + p.stride() + " pad " + p.padding();
        } else if (layer instanceof LayerSpec.AvgPool p) {
            return "avgpool " + p.kernel() + "x" + p.kernel() + " stride " + p.stride() + " pad " + p.padding();
        } else if (layer instanceof LayerSpec.GlobalAvgPool) {
            return "global avgpool";
        } else if (layer instanceof LayerSpec.GlobalMaxPool) {
            return "global maxpool";
        } else if (layer instanceof LayerSpec.Dropout d) {
            return "dropout " + d.rate();
        }
        return layer instanceof LayerSpec.BatchNorm ? "batchnorm" : "flatten";
    }

    /** A residual branch's layers, tersely: {@code conv 64@3x3/2, bn, relu}. */
    private static String brief(LayerSpec layer) {
        if (layer instanceof LayerSpec.Conv2d c) {
            return "conv " + c.channels() + "@" + c.kernel() + "x" + c.kernel() + (c.stride() > 1 ? "/" + c.stride() : "")
                    + suffix(c.activation());
        } else if (layer instanceof LayerSpec.BatchNorm) {
            return "bn";
        }
        return describe(layer);
    }

    private static String noBias(Boolean bias) {
        return Boolean.FALSE.equals(bias) ? " no bias" : "";
    }

    private static String suffix(String activation) {
        return activation == null ? "" : " + " + activation;
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
        return switch (init.type()) {
            case "normal" -> new NormalInitializer(init.std().floatValue());
            case "uniform" -> new UniformInitializer(init.scale().floatValue());
            case "kaiming" -> new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
            default -> new XavierInitializer();
        };
    }
}
