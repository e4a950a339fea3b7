package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How weights start: {@code xavier} (DJL's default), {@code kaiming} (He, for ReLU), {@code normal} with {@code std},
 * or {@code uniform} in [-scale, scale]. Biases start at zero, batch-norm at gamma 1 and beta 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitSpec(String type, Double std, Double scale) {
    public InitSpec {
        if (type == null) type = "xavier";
        if ("normal".equals(type) && std == null) std = 0.01;
        if ("uniform".equals(type) && scale == null) scale = 0.07;
    }
}
