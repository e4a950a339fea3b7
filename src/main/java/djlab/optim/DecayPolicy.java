package djlab.optim;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/** Weight decay and the parameter kinds it leaves out. */
public record DecayPolicy(float rate, Set<ParameterKind> excluded) {

    public static DecayPolicy none() {
        return new DecayPolicy(0, Set.of());
    }

    /** The decay rate for this parameter: 0 for an excluded kind. */
    public float rateFor(NDArray parameter) {
        return rate == 0 || excluded.contains(ParameterKind.of(parameter)) ? 0 : rate;
    }
}
