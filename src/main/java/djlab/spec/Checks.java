package djlab.spec;

import java.util.List;

/**
 * The checks {@link SpecValidator} lends to the homes of the kinds it validates (a layer kind, an optimizer, a
 * schedule, a data set), so that each kind holds its own rules while every message keeps the validator's one form
 * ({@code <field>: expected ..., got ...}) and the validator stays the one place that runs them.
 */
public interface Checks {

    /** Fails on {@code field} with {@code problem} (the text after the field name). */
    void fail(String field, String problem);

    void required(String field, Object value);

    /** An integer or a number at least {@code min}; nothing when absent. */
    void atLeast(String field, Number value, double min);

    /** An integer in {@code [min, max]}; nothing when absent. */
    void between(String field, Integer value, int min, int max);

    /** One of {@code allowed}, with a did-you-mean for a near miss. */
    void oneOf(String field, String value, List<String> allowed);

    /** A number in {@code [0, 1)}; nothing when absent. */
    void fraction(String field, Double value);

    /** A number {@code > 0}; nothing when absent. */
    void positive(String field, Double value);

    /** An activation function's name ({@code relu}, ...). */
    void activation(String field, String name);

    /** A list of layers (of a residual block, a branch): each checked by its own kind. */
    void layers(String field, List<LayerSpec> layers);
}
