package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One entry of {@code model.layers}. The {@code type} field picks the kind; the rest are that kind's parameters.
 * Dense and conv2d layers may name an {@code activation} applied right after them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense"),
    @JsonSubTypes.Type(value = LayerSpec.Conv2d.class, name = "conv2d"),
    @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batchnorm"),
    @JsonSubTypes.Type(value = LayerSpec.Activation.class, name = "activation"),
    @JsonSubTypes.Type(value = LayerSpec.MaxPool.class, name = "maxpool"),
    @JsonSubTypes.Type(value = LayerSpec.AvgPool.class, name = "avgpool"),
    @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
    @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
    @JsonSubTypes.Type(value = LayerSpec.SeparableConv2d.class, name = "separable_conv2d"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalAvgPool.class, name = "global_avgpool"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalMaxPool.class, name = "global_maxpool"),
    @JsonSubTypes.Type(value = LayerSpec.Residual.class, name = "residual"),
    @JsonSubTypes.Type(value = LayerSpec.Crop.class, name = "crop"),
    @JsonSubTypes.Type(value = LayerSpec.Branches.class, name = "branches"),
    @JsonSubTypes.Type(value = LayerSpec.SplitHeads.class, name = "split_heads"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LayerSpec {

    /** Every layer kind's {@code type} name, in the order above: the one list errors and docs take them from. */
    List<String> TYPES = java.util.Arrays.stream(LayerSpec.class.getAnnotation(JsonSubTypes.class).value())
            .map(JsonSubTypes.Type::name).toList();

    /** Fully connected. The output layer, sized from the data set, is added after the list: do not write it. */
    record Dense(Integer units, String activation, Boolean bias) implements LayerSpec {
        public Dense(Integer units, String activation) {
            this(units, activation, null);
        }
    }

    /** {@code bias: false} leaves out the bias (as before a batch norm, whose beta does its work). */
    record Conv2d(Integer channels, Integer kernel, Integer stride, Integer padding, String activation, Boolean bias)
            implements LayerSpec {
        public Conv2d {
            if (kernel == null) kernel = 3;
            if (stride == null) stride = 1;
            if (padding == null) padding = 0;
        }

        public Conv2d(Integer channels, Integer kernel, Integer stride, Integer padding, String activation) {
            this(channels, kernel, stride, padding, activation, null);
        }
    }

    /**
     * Depthwise-separable convolution (MobileNet): a depthwise {@code kernel}x{@code kernel} convolution per input
     * channel (with {@code stride} and {@code padding}), then a pointwise 1x1 convolution to {@code channels}.
     */
    record SeparableConv2d(Integer channels, Integer kernel, Integer stride, Integer padding, String activation,
            Boolean bias) implements LayerSpec {
        public SeparableConv2d {
            if (kernel == null) kernel = 3;
            if (stride == null) stride = 1;
            if (padding == null) padding = 0;
        }
    }

    /** Average over each channel's whole image: channels x height x width becomes channels features. */
    record GlobalAvgPool() implements LayerSpec {}

    /** Maximum over each channel's whole image. */
    record GlobalMaxPool() implements LayerSpec {}

    /**
     * {@code activation(layers(x) + shortcut(x))}. The shortcut is the identity when {@code layers} keep the shape,
     * else a 1x1 convolution with the stride that matches (followed by batch norm when {@code layers} have one).
     *
     * @param shortcut auto (identity when it fits, else a projection) | identity | projection
     */
    record Residual(List<LayerSpec> layers, String shortcut, String activation) implements LayerSpec {
        public Residual {
            if (shortcut == null) shortcut = "auto";
            if (activation == null) activation = "relu";
        }
    }

    /**
     * Keeps a region of the image: a named {@code region} ({@code top}, {@code bottom}: the square at the top or
     * bottom of a tall image, as wide as the image; {@code left}, {@code right} likewise for a wide image) or
     * {@code rows} and {@code cols} as {@code [from, to)} (Python slices; negative counts from the end; a missing one
     * keeps all). On two-digit MNIST {@code top} is rows 0-27 (the top digit) and {@code bottom} the last 28 rows.
     */
    record Crop(String region, List<Integer> rows, List<Integer> cols) implements LayerSpec {}

    /**
     * Branches that each take the same input (each optionally cropped to its region first), run their own layers and
     * are joined: {@code concat} concatenates their outputs along the features (or channels, images of equal size),
     * {@code heads} makes each branch end in one of the data set's output heads (the last layer only: DJLab adds each
     * branch's output layer, shared with the branch it shares).
     */
    record Branches(List<Branch> branches, String join) implements LayerSpec {
        public Branches {
            if (join == null) join = "concat";
        }
    }

    /**
     * One branch of {@link Branches}.
     *
     * @param name names the branch, for {@code share} and messages
     * @param region, rows, cols the crop its input starts with, as in {@link Crop}; none keeps the whole input
     * @param layers its layers; absent when it shares another branch's
     * @param share the name of an earlier branch whose layers this branch applies (the same DJL blocks, so the same
     *     weights, trained by both branches' gradients)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Branch(String name, String region, List<Integer> rows, List<Integer> cols, List<LayerSpec> layers,
            String share) {}

    /**
     * Splits flat features into {@code heads} equal parts, one output per head (a 20-unit layer into two 10-way
     * heads). DJLab adds it after the output layer of a data set with several heads; written by hand it must come
     * last.
     */
    record SplitHeads(Integer heads) implements LayerSpec {}

    record BatchNorm() implements LayerSpec {}

    record Activation(String function) implements LayerSpec {}

    record MaxPool(Integer kernel, Integer stride, Integer padding) implements LayerSpec {
        public MaxPool {
            if (kernel == null) kernel = 2;
            if (stride == null) stride = kernel;
            if (padding == null) padding = 0;
        }
    }

    record AvgPool(Integer kernel, Integer stride, Integer padding) implements LayerSpec {
        public AvgPool {
            if (kernel == null) kernel = 2;
            if (stride == null) stride = kernel;
            if (padding == null) padding = 0;
        }
    }

    record Dropout(Double rate) implements LayerSpec {
        public Dropout {
            if (rate == null) rate = 0.5;
        }
    }

    record Flatten() implements LayerSpec {}
}
