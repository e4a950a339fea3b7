package djlab.model.layers;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one registry of layer kinds, as {@link djlab.plugin.Plugins} is of networks and data sets: every
 * {@code type} a spec's layer may have, in the order errors list them. Jackson binds a layer's {@code type} through
 * it ({@link TypeIds}), the validator checks each layer with its kind, and the network's shapes, blocks and
 * descriptions come from the kind. A new layer kind is a {@link LayerKind} (and its record in {@link LayerSpec})
 * added to {@link #ALL}.
 */
public final class LayerKinds {

    /** Every layer kind, in the order errors and docs list them. */
    public static final List<LayerKind<?>> ALL = List.of(
            new DenseLayer(),
            new Conv2dLayer(),
            new BatchNormLayer(),
            new ActivationLayer(),
            new MaxPoolLayer(),
            new AvgPoolLayer(),
            new DropoutLayer(),
            new FlattenLayer(),
            new SeparableConv2dLayer(),
            new GlobalAvgPoolLayer(),
            new GlobalMaxPoolLayer(),
            new ResidualLayer(),
            new CropLayer(),
            new BranchesLayer(),
            new SplitHeadsLayer());

    /** Every layer kind's {@code type} name: the one list errors, did-you-mean and docs take them from. */
    public static final List<String> NAMES = ALL.stream().map(LayerKind::name).toList();

    private static final Map<Class<?>, LayerKind<?>> BY_SPEC = new LinkedHashMap<>();
    private static final Map<String, LayerKind<?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (LayerKind<?> kind : ALL) {
            BY_SPEC.put(kind.spec(), kind);
            BY_NAME.put(kind.name(), kind);
        }
    }

    private LayerKinds() {}

    /** The kind of a layer. */
    public static LayerKind<?> of(LayerSpec layer) {
        LayerKind<?> kind = BY_SPEC.get(layer.getClass());
        if (kind == null) throw new IllegalStateException("no layer kind for " + layer.getClass().getName());
        return kind;
    }

    /** The kind named {@code type} in a spec, or null. */
    public static LayerKind<?> named(String type) {
        return BY_NAME.get(type);
    }

    /** Checks one layer's values (the validator's part), with its kind's rules. */
    public static void check(LayerSpec layer, String at, Checks checks) {
        of(layer).checkAny(layer, at, checks);
    }

    /**
     * The shape of one example after {@code layer}, or a {@link djlab.spec.BadInputException} on the layer's field
     * (with {@code file}) when it does not fit its input {@code in}.
     */
    public static long[] next(String file, Networks.Layer layer, long[] in) {
        return of(layer.spec()).shapeAny(layer, in, file);
    }

    /** One layer's block (a sequence when the kind makes several); {@code in} is its input shape, null when unknown. */
    public static Block block(Networks.Layer layer, long[] in) {
        List<Block> blocks = of(layer.spec()).blocksAny(layer, in);
        return blocks.size() == 1 ? blocks.get(0) : new SequentialBlock().addAll(blocks);
    }

    /** Whether {@code layer} gives the network's outputs (split_heads, branches joined as heads): last layer only. */
    public static boolean outputs(LayerSpec layer) {
        return of(layer).outputsAny(layer);
    }

    /** The layers directly inside {@code layer} (a residual block's, every branch's); none for most kinds. */
    public static List<LayerSpec> inner(LayerSpec layer) {
        return of(layer).innerAny(layer);
    }

    /** What {@code layer} adds to the network's footprint beyond its output (see {@link LayerKind#cost}). */
    public static LayerKind.Cost cost(Networks.Layer layer, long[] in, long[] out, LayerKind.Inner inner) {
        return of(layer.spec()).costAny(layer, in, out, inner);
    }

    /** A short human description of a layer, for the architecture summary. */
    public static String describe(LayerSpec layer) {
        return of(layer).describeAny(layer);
    }

    /** A residual branch's layer, tersely ({@code conv 64@3x3/2}, {@code bn}). */
    static String brief(LayerSpec layer) {
        return of(layer).briefAny(layer);
    }

    /** A layer's block followed by its {@code activation}, when it names one. */
    static List<Block> withActivation(Block block, String activation) {
        return activation == null ? List.of(block) : List.of(block, Activations.block(activation));
    }

    /**
     * Binds a layer's {@code type} to its kind's record and back, for {@link LayerSpec}'s
     * {@code @JsonTypeIdResolver}: an unknown name or a missing one fails as Jackson's own subtype lists do, and
     * {@code SpecFiles} turns that into one line naming {@link #NAMES}.
     */
    public static final class TypeIds extends TypeIdResolverBase {

        private JavaType base;

        @Override
        public void init(JavaType baseType) {
            base = baseType;
        }

        @Override
        public String idFromValue(Object value) {
            return idFromValueAndType(value, value.getClass());
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> type) {
            LayerKind<?> kind = BY_SPEC.get(type);
            if (kind == null) throw new IllegalStateException("no layer kind for " + type.getName());
            return kind.name();
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            LayerKind<?> kind = BY_NAME.get(id);
            return kind == null ? null : context.constructSpecializedType(base, kind.spec());
        }

        @Override
        public String getDescForKnownTypeIds() {
            return String.join(", ", NAMES);
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.NAME;
        }
    }
}
