package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How the learning rate changes during training.
 *
 * @param type constant | step | multistep | exponential | cosine
 * @param unit whether {@code milestones}, {@code step} and {@code warmup} count iterations or epochs
 * @param step decay every this many units (step); exponential decays by {@code gamma} every unit
 * @param minLr the learning rate cosine decays to at the end of training
 * @param warmup units of linear warm-up from 0 to the base learning rate, before the schedule proper
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleSpec(
        String type, List<Integer> milestones, Double gamma, Integer step, String unit, Double minLr, Integer warmup) {

    public ScheduleSpec {
        if (type == null) type = "constant";
        if (unit == null) unit = "iteration";
        if (warmup == null) warmup = 0;
        // Each schedule's defaults are its kind's.
        if (gamma == null) gamma = djlab.train.ScheduleKind.defaultGamma(type);
        if (minLr == null) minLr = djlab.train.ScheduleKind.defaultMinLr(type);
    }
}
