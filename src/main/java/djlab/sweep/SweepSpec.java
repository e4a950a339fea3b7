package djlab.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The {@code sweep:} section of a spec. Keys of {@code grid}, {@code random.space} and of each variant are dotted
 * spec fields ({@code train.optimizer.lr}); a variant may also give nested mappings.
 *
 * @param seed draws random-search trials; defaults to the spec's seed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepSpec(
        Map<String, List<JsonNode>> grid,
        List<ObjectNode> variants,
        RandomSearch random,
        List<Long> seeds,
        Long seed) {

    /** {@code trials} points drawn from {@code space}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RandomSearch(Integer trials, Map<String, Distribution> space) {}

    /** Exactly one of the fields: {@code uniform: [a, b]}, {@code log_uniform: [a, b]}, {@code int_uniform: [a, b]}, {@code choice: [...]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Distribution(List<Double> uniform, List<Double> logUniform, List<Integer> intUniform, List<JsonNode> choice) {}
}
