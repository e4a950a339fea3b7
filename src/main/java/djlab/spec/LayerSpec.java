package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

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
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LayerSpec {

    /** Fully connected. The output layer, sized from the data set, is added after the list: do not write it. */
    record Dense(Integer units, String activation) implements LayerSpec {}

    record Conv2d(Integer channels, Integer kernel, Integer stride, Integer padding, String activation)
            implements LayerSpec {
        public Conv2d {
            if (kernel == null) kernel = 3;
            if (stride == null) stride = 1;
            if (padding == null) padding = 0;
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
