package djlab.sweep.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import djlab.spec.SweepSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;

/**
 * One swept field as the search models it: a number in {@code [low, high]} (on a log scale for log_uniform; an
 * integer range widened by half a step each side, so both ends are as likely as the middle), or the index of a choice.
 */
public record Dimension(String key, SweepSpec.Distribution distribution) {

    public boolean categorical() {
        return distribution.choice() != null;
    }

    public boolean integer() {
        return distribution.integers() != null;
    }

    public boolean log() {
        return distribution.logUniform() != null;
    }

    public int choices() {
        return distribution.choice().size();
    }

    /** The lower end of the modelled range. */
    public double low() {
        if (integer()) return distribution.integers().get(0) - 0.5;
        return log() ? Math.log(distribution.logUniform().get(0)) : distribution.uniform().get(0);
    }

    public double high() {
        if (integer()) return distribution.integers().get(1) + 0.5;
        return log() ? Math.log(distribution.logUniform().get(1)) : distribution.uniform().get(1);
    }

    /** Where a value of the spec sits in the modelled range (a choice's index). */
    public double internal(JsonNode value) {
        if (categorical()) {
            List<JsonNode> choice = distribution.choice();
            for (int i = 0; i < choice.size(); i++) {
                if (choice.get(i).equals(value)) return i;
            }
            throw new IllegalArgumentException(key + ": " + value + " is not one of " + choice);
        }
        return log() ? Math.log(value.asDouble()) : value.asDouble();
    }

    /**
     * The spec value at a point of the modelled range. Real values keep four significant digits, as random search
     * draws them, so a trial's label gives its values back exactly.
     */
    public JsonNode value(double internal) {
        if (categorical()) return distribution.choice().get((int) internal);
        if (integer()) {
            List<Integer> r = distribution.integers();
            return IntNode.valueOf((int) Math.max(r.get(0), Math.min(r.get(1), Math.round(internal))));
        }
        List<Double> r = log() ? distribution.logUniform() : distribution.uniform();
        double v = log() ? Math.exp(internal) : internal;
        double rounded = new BigDecimal(v).round(new MathContext(4)).doubleValue();
        return DoubleNode.valueOf(Math.max(r.get(0), Math.min(r.get(1), rounded)));
    }

    /** A value drawn uniformly (on the log scale for log_uniform): random search's draw, and TPE's startup trials. */
    public JsonNode draw(Random random) {
        if (categorical()) return distribution.choice().get(random.nextInt(choices()));
        if (integer()) {
            List<Integer> r = distribution.integers();
            return IntNode.valueOf(r.get(0) + random.nextInt(r.get(1) - r.get(0) + 1));
        }
        return value(low() + random.nextDouble() * (high() - low()));
    }
}
