package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How weights start: {@code xavier} (DJL's default), {@code kaiming} (He, for ReLU), {@code normal} with {@code std},
 * or {@code uniform} in [-scale, scale]. Biases start at zero, batch-norm at gamma 1 and beta 0.
 *
 * @param conv another initialiser for the weights of convolutions (conv2d, separable, residual and projection)
 * @param dense another initialiser for the weights of dense layers (the output layer included)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitSpec(String type, Double std, Double scale, InitSpec conv, InitSpec dense) {
    public InitSpec {
        if (type == null) type = "xavier";
        // The initialiser's own number and its default are its kind's (djlab.model.Initializers).
        if (std == null) std = djlab.model.Initializers.usual(type, "std");
        if (scale == null) scale = djlab.model.Initializers.usual(type, "scale");
    }

    public InitSpec(String type, Double std, Double scale) {
        this(type, std, scale, null, null);
    }
}
