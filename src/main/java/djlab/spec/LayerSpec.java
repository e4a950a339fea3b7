package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.List;

/**
 * One entry of {@code model.layers}. The {@code type} field picks the kind; the rest are that kind's parameters.
 * Dense and conv2d layers may name an {@code activation} applied right after them. These records are the spec of each
 * kind only: its name, checks, shape rule, block and description are its {@link djlab.model.layers.LayerKind}, listed
 * in {@link djlab.model.layers.LayerKinds}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
// The type names come from the one registry of layer kinds, which also holds each kind's checks, shape and block.
@JsonTypeIdResolver(djlab.model.layers.LayerKinds.TypeIds.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LayerSpec {

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
