package djlab.train;

import ai.djl.training.tracker.Tracker;
import djlab.spec.ScheduleSpec;

/**
 * The learning rate as a function of the update count, for every {@code train.schedule} type ({@link ScheduleKind}),
 * with optional linear warm-up. One DJL {@link Tracker} rather than DJL's separate ones because those differ from the textbook forms the
 * reports use: {@code MultiFactorTracker} rejects a single milestone and {@code FactorTracker} decays every update.
 * Counts in epochs are converted to iterations once, here.
 */
public final class Schedule implements Tracker {

    private final ScheduleSpec spec;
    private final ScheduleKind kind;
    private final double base;
    private final int perUnit;
    private final int totalIterations;

    /**
     * @param iterationsPerEpoch updates in one epoch, to convert {@code unit: epoch} counts
     * @param totalIterations updates in the whole run (cosine decays over them)
     */
    public Schedule(ScheduleSpec spec, double base, int iterationsPerEpoch, int totalIterations) {
        this.spec = spec;
        this.kind = ScheduleKind.named(spec.type());
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
        return kind.rate(spec, base, new ScheduleKind.Step(iteration, t, units, perUnit, warmup, totalIterations));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) at(Math.max(1, numUpdate));
    }
}
