package djlab.model;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import djlab.spec.InitSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The weight initialisers a spec can name ({@code model.init.type}): the name, the one number it takes with its
 * default ({@code std} of normal, {@code scale} of uniform) and its DJL initializer. A new one is one constant here.
 */
public enum Initializers {
    XAVIER("xavier", null, null, init -> new XavierInitializer()),
    /** He initialisation, for ReLU: Gaussian with variance 2 / fan-in. */
    KAIMING("kaiming", null, null,
            init -> new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)),
    NORMAL("normal", "std", 0.01, init -> new NormalInitializer(init.std().floatValue())),
    UNIFORM("uniform", "scale", 0.07, init -> new UniformInitializer(init.scale().floatValue()));

    /** Every name, in the order errors list them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Initializers::specName).toList();

    private final String specName;
    private final String field;
    private final Double usual;
    private final Function<InitSpec, Initializer> factory;

    Initializers(String specName, String field, Double usual, Function<InitSpec, Initializer> factory) {
        this.specName = specName;
        this.field = field;
        this.usual = usual;
        this.factory = factory;
    }

    public String specName() {
        return specName;
    }

    /** The default of {@code field} ({@code std} or {@code scale}) for the initialiser named {@code type}, or null. */
    public static Double usual(String type, String field) {
        for (Initializers i : values()) {
            if (i.specName.equals(type) && field.equals(i.field)) return i.usual;
        }
        return null;
    }

    /** The initialisers taking {@code field}, as a message names them ({@code normal}). */
    public static String takers(String field) {
        return djlab.spec.Spellings.and(Arrays.stream(values()).filter(i -> field.equals(i.field))
                .map(Initializers::specName).toList());
    }

    /** The DJL initializer of a checked spec; xavier for a name that is none. */
    public static Initializer of(InitSpec init) {
        for (Initializers i : values()) {
            if (i.specName.equals(init.type())) return i.factory.apply(init);
        }
        return XAVIER.factory.apply(init);
    }
}
