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
        switch (type) {
            case "step", "multistep" -> {
                if (gamma == null) gamma = 0.1;
            }
            case "exponential" -> {
                if (gamma == null) gamma = 0.95;
            }
            case "cosine" -> {
                if (minLr == null) minLr = 0.0;
            }
            default -> { }
        }
    }
}
