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
        if ("normal".equals(type) && std == null) std = 0.01;
        if ("uniform".equals(type) && scale == null) scale = 0.07;
    }

    public InitSpec(String type, Double std, Double scale) {
        this(type, std, scale, null, null);
    }
}
