package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A network: either a preset ({@code type} with its knobs) or an explicit list of {@code layers}.
 *
 * @param hidden widths of the hidden dense layers (mlp) or channels of the conv layers (cnn); depth is its length
 * @param dense widths of the dense layers after the conv part (cnn only)
 * @param kernel conv kernel size (cnn only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
        String type,
        List<Integer> hidden,
        List<Integer> dense,
        Integer kernel,
        String activation,
        Boolean batchnorm,
        Double dropout,
        InitSpec init,
        List<LayerSpec> layers) {

    static final ModelSpec DEFAULT = new ModelSpec(null, null, null, null, null, null, null, null, null);

    public ModelSpec {
        if (type == null) type = layers == null ? "mlp" : "layers";
        if (activation == null) activation = "relu";
        if (batchnorm == null) batchnorm = false;
        if (dropout == null) dropout = 0.0;
        if (init == null) init = new InitSpec(null, null, null);
        switch (type) {
            case "mlp" -> {
                if (hidden == null) hidden = List.of(512);
            }
            case "cnn" -> {
                if (hidden == null) hidden = List.of(32, 64);
                if (dense == null) dense = List.of(128);
                if (kernel == null) kernel = 3;
            }
            default -> { }
        }
    }
}
