package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One experiment, fully resolved: every field of the spec file after {@code extends}, {@code --set} and defaults.
 * The run-id is a hash of this record, so anything that changes what is trained must live here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSpec(
        String name, String description, Long seed, DataSpec data, ModelSpec model, TrainSpec train) {

    public ExperimentSpec {
        if (seed == null) seed = 42L;
        if (data == null) data = new DataSpec(null, null, null, null);
        if (model == null) model = ModelSpec.DEFAULT;
        if (train == null) train = TrainSpec.DEFAULT;
    }

    public ExperimentSpec withData(DataSpec newData) {
        return new ExperimentSpec(name, description, seed, newData, model, train);
    }

    /** The parts that do not change what is trained: left out of the run-id. */
    public ExperimentSpec withoutProvenance() {
        return new ExperimentSpec(name, null, seed, data.withDir(null), model, train);
    }
}
