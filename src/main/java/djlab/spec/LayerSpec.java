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
})
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
