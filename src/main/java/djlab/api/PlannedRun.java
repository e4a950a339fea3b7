package djlab.api;

import djlab.train.RunPlan;
import java.nio.file.Path;

/**
 * One run a spec plans, checked.
 *
 * @param label where it sits in a sweep ({@code batchnorm=true seed=1}), or the spec's name for a single run
 * @param runId the hash of its resolved spec: the same experiment always gets the same id
 * @param folder its run folder
 * @param completed whether that folder holds a completed run already (it would be skipped)
 */
public record PlannedRun(String label, String runId, Path folder, boolean completed) {

    static PlannedRun of(RunPlan plan) {
        return new PlannedRun(plan.label() == null ? plan.spec().name() : plan.label().label(), plan.runId(),
                plan.folder().dir(), plan.folder().isCompleted());
    }
}
