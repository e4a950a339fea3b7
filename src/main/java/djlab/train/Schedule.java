package djlab.train;

import ai.djl.training.tracker.Tracker;
import djlab.spec.ScheduleSpec;
import java.util.List;

/**
 * The learning rate as a function of the update count, for every {@code train.schedule} type, with optional linear
 * warm-up. One DJL {@link Tracker} rather than DJL's separate ones because those differ from the textbook forms the
 * reports use: {@code MultiFactorTracker} rejects a single milestone and {@code FactorTracker} decays every update.
 * Counts in epochs are converted to iterations once, here.
 */
public final class Schedule implements Tracker {

    private final ScheduleSpec spec;
    private final double base;
    private final int perUnit;
    private final int totalIterations;

    /**
     * @param iterationsPerEpoch updates in one epoch, to convert {@code unit: epoch} counts
     * @param totalIterations updates in the whole run (cosine decays over them)
     */
    public Schedule(ScheduleSpec spec, double base, int iterationsPerEpoch, int totalIterations) {
        this.spec = spec;
        this.base = base;
        this.perUnit = spec.unit().equals("epoch") ? iterationsPerEpoch : 1;
        this.totalIterations = totalIterations;
    }

    /** The learning rate for update number {@code iteration}, counted from 1. */
    public double at(int iteration) {
        int warmup = spec.warmup() * perUnit;
        if (iteration <= warmup) {
            return base * iteration / warmup;
        }
        int t = iteration - warmup;
        // Whole units elapsed; iteration t belongs to unit (t - 1) / perUnit, counted from 0.
        int units = (t - 1) / perUnit;
        return switch (spec.type()) {
            case "step" -> base * Math.pow(spec.gamma(), units / spec.step());
            case "multistep" -> base * Math.pow(spec.gamma(), passed(spec.milestones(), iteration, perUnit));
            case "exponential" -> base * Math.pow(spec.gamma(), units);
            case "cosine" -> {
                double span = Math.max(1, totalIterations - warmup);
                double progress = Math.min(1.0, (t - 1) / span);
                yield spec.minLr() + (base - spec.minLr()) * 0.5 * (1 + Math.cos(Math.PI * progress));
            }
            default -> base;
        };
    }

    /** Milestones are absolute (warm-up included), as in PyTorch's MultiStepLR: the rate drops after each. */
    private static int passed(List<Integer> milestones, int iteration, int perUnit) {
        int count = 0;
        for (int m : milestones) {
            if (iteration > (long) m * perUnit) count++;
        }
        return count;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) at(Math.max(1, numUpdate));
    }
}
