package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How the network is trained. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainSpec(
        Integer epochs,
        Integer batchSize,
        OptimizerSpec optimizer,
        ScheduleSpec schedule,
        Integer logEvery,
        String device) {

    static final TrainSpec DEFAULT = new TrainSpec(null, null, null, null, null, null);

    public TrainSpec {
        if (epochs == null) epochs = 5;
        if (batchSize == null) batchSize = 100;
        if (optimizer == null) optimizer = new OptimizerSpec(null, null, null, null, null, null, null, null);
        if (schedule == null) schedule = new ScheduleSpec(null, null, null, null, null, null, null);
        if (logEvery == null) logEvery = 50;
        if (device == null) device = "auto";
    }
}
