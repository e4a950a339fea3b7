package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network: either a preset ({@code type} with its knobs) or an explicit list of {@code layers}. A named
 * architecture from {@code models/} ({@code use: resnet18}) is merged in before binding, by {@link ModelLibrary}.
 *
 * @param hidden widths of the hidden dense layers (mlp) or channels of the conv layers (cnn); depth is its length
 * @param dense widths of the dense layers after the conv part (cnn only)
 * @param kernel conv kernel size (cnn only)
 * @param depth resnet: 18, 34, 50 or 101, the standard stage layouts (unless {@code blocks} is given)
 * @param blocks resnet: residual blocks per stage; each stage after the first halves the image and doubles the width
 * @param bottleneck resnet: 1x1-3x3-1x1 bottleneck blocks (expansion 4) instead of two 3x3 convolutions
 * @param width resnet: channels of the stem and the first stage
 * @param stem resnet: {@code small} (3x3 conv, stride 1: for 28x28 and 32x32 images) or {@code imagenet}
 *     (7x7 conv stride 2 and a 3x3 max pool stride 2)
 * @param provider a network from a plug-in ({@link djlab.plugin.ModelProvider}) instead of a preset; then only
 *     {@code args} may be given, and nothing is filled in (absent in every earlier spec, so run-ids keep)
 * @param args the provider's arguments, passed to it as they are (keys sorted)
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
        List<LayerSpec> layers,
        Integer depth,
        List<Integer> blocks,
        Boolean bottleneck,
        Integer width,
        String stem,
        String provider,
        Map<String, Object> args) {

    static final ModelSpec DEFAULT = new ModelSpec(null, null, null, null, null, null, null, null, null);

    public ModelSpec {
        if (args != null) args = new TreeMap<>(args);
        // A plug-in's network (provider): its knobs are its args, and the presets' defaults would be noise.
        if (provider == null) {
            if (type == null) type = layers == null ? "mlp" : "layers";
            if (activation == null) activation = "relu";
            if (batchnorm == null) batchnorm = type.equals("resnet");
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
                case "resnet" -> {
                    if (depth == null && blocks == null) depth = 18;
                    if (blocks == null) blocks = stages(depth);
                    if (bottleneck == null) bottleneck = depth != null && depth >= 50;
                    if (width == null) width = 64;
                    if (stem == null) stem = "small";
                }
                default -> { }
            }
        }
    }

    public ModelSpec(String type, List<Integer> hidden, List<Integer> dense, Integer kernel, String activation,
            Boolean batchnorm, Double dropout, InitSpec init, List<LayerSpec> layers) {
        this(type, hidden, dense, kernel, activation, batchnorm, dropout, init, layers, null, null, null, null, null);
    }

    public ModelSpec(String type, List<Integer> hidden, List<Integer> dense, Integer kernel, String activation,
            Boolean batchnorm, Double dropout, InitSpec init, List<LayerSpec> layers, Integer depth,
            List<Integer> blocks, Boolean bottleneck, Integer width, String stem) {
        this(type, hidden, dense, kernel, activation, batchnorm, dropout, init, layers, depth, blocks, bottleneck, width,
                stem, null, null);
    }

    /** A plug-in's network with its arguments. */
    public static ModelSpec provider(String provider, Map<String, Object> args) {
        return new ModelSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                provider, args);
    }

    /** The blocks per stage of the standard ResNets (He et al. 2016, table 1); null for another depth. */
    public static List<Integer> stages(Integer depth) {
        if (depth == null) return null;
        return switch (depth) {
            case 18 -> List.of(2, 2, 2, 2);
            case 34, 50 -> List.of(3, 4, 6, 3);
            case 101 -> List.of(3, 4, 23, 3);
            default -> null;
        };
    }
}
