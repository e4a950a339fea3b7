package djlab.train;

import djlab.spec.Checks;
import djlab.spec.ScheduleSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The learning-rate schedules a spec can name ({@code train.schedule.type}), each with its own checks and its rate
 * after warm-up and its defaults; {@link Schedule} is the DJL tracker that applies the warm-up and asks the kind. A
 * new schedule is one constant here (and its record's fields in {@link ScheduleSpec} if it brings new ones).
 */
public enum ScheduleKind {
    CONSTANT("constant", null, null) {
        @Override
        double rate(ScheduleSpec s, double base, Step step) {
            return base;
        }
    },
    STEP("step", 0.1, null) {
        @Override
        void checkOwn(ScheduleSpec s, Checks checks) {
            checks.required("train.schedule.step", s.step());
            checks.atLeast("train.schedule.step", s.step(), 1);
        }

        @Override
        double rate(ScheduleSpec s, double base, Step step) {
            return base * Math.pow(s.gamma(), step.units() / s.step());
        }
    },
    MULTISTEP("multistep", 0.1, null) {
        @Override
        void checkOwn(ScheduleSpec s, Checks checks) {
            if (s.milestones() == null || s.milestones().isEmpty()) {
                checks.fail("train.schedule.milestones", "expected a list of increasing " + s.unit() + " counts, got nothing");
            }
            int previous = 0;
            for (int i = 0; i < s.milestones().size(); i++) {
                int m = s.milestones().get(i);
                if (m <= previous) {
                    checks.fail("train.schedule.milestones[" + i + "]", "expected increasing positive counts, got " + m
                            + " after " + previous);
                }
                previous = m;
            }
        }

        /** Milestones are absolute (warm-up included), as in PyTorch's MultiStepLR: the rate drops after each. */
        @Override
        double rate(ScheduleSpec s, double base, Step step) {
            int passed = 0;
            for (int m : s.milestones()) {
                if (step.iteration() > (long) m * step.perUnit()) passed++;
            }
            return base * Math.pow(s.gamma(), passed);
        }
    },
    EXPONENTIAL("exponential", 0.95, null) {
        @Override
        double rate(ScheduleSpec s, double base, Step step) {
            return base * Math.pow(s.gamma(), step.units());
        }
    },
    COSINE("cosine", null, 0.0) {
        @Override
        double rate(ScheduleSpec s, double base, Step step) {
            double span = Math.max(1, step.totalIterations() - step.warmup());
            double progress = Math.min(1.0, (step.sinceWarmup() - 1) / span);
            return s.minLr() + (base - s.minLr()) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
    };

    /** Every name, in the order errors list them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ScheduleKind::specName).toList();

    private final String specName;
    private final Double gamma;
    private final Double minLr;

    /** With the defaults {@link ScheduleSpec} fills in: {@code gamma} and {@code min_lr}, null where not used. */
    ScheduleKind(String specName, Double gamma, Double minLr) {
        this.specName = specName;
        this.gamma = gamma;
        this.minLr = minLr;
    }

    /** The default {@code gamma} of the schedule named {@code type}; null when it has none. */
    public static Double defaultGamma(String type) {
        for (ScheduleKind kind : values()) {
            if (kind.specName.equals(type)) return kind.gamma;
        }
        return null;
    }

    /** The default {@code min_lr} of the schedule named {@code type}; null when it has none. */
    public static Double defaultMinLr(String type) {
        for (ScheduleKind kind : values()) {
            if (kind.specName.equals(type)) return kind.minLr;
        }
        return null;
    }

    public String specName() {
        return specName;
    }

    /** The schedule named {@code type}, which the validator has checked. */
    public static ScheduleKind named(String type) {
        for (ScheduleKind kind : values()) {
            if (kind.specName.equals(type)) return kind;
        }
        throw new IllegalArgumentException("unknown schedule '" + type + "'");
    }

    /**
     * Where training is, for one update after warm-up.
     *
     * @param iteration the update, counted from 1 (warm-up included)
     * @param sinceWarmup the update counted from the end of warm-up, from 1
     * @param units whole units (iterations or epochs) elapsed since warm-up, from 0
     * @param perUnit updates in one unit
     * @param warmup updates of warm-up
     * @param totalIterations updates in the whole run
     */
    record Step(int iteration, int sinceWarmup, int units, int perUnit, int warmup, int totalIterations) {}

    /** The kind's own checks: its required fields; milestones and step belong to multistep and step only. */
    void checkOwn(ScheduleSpec s, Checks checks) {
        if (s.milestones() != null) checks.fail("train.schedule.milestones", "applies to " + MULTISTEP.specName + " only");
        if (s.step() != null) checks.fail("train.schedule.step", "applies to " + STEP.specName + " only");
    }

    /** The learning rate at {@code step}, after warm-up, from the base rate. */
    abstract double rate(ScheduleSpec s, double base, Step step);

    /** Checks the fields that depend on the schedule (the validator has checked the name and the common fields). */
    public static void check(ScheduleSpec s, Checks checks) {
        ScheduleKind kind = named(s.type());
        kind.checkOwn(s, checks);
        if (kind != COSINE && s.minLr() != null) checks.fail("train.schedule.min_lr", "applies to " + COSINE.specName + " only");
        if (kind == CONSTANT && s.gamma() != null) checks.fail("train.schedule.gamma", "not used by a constant schedule");
    }
}
