package djlab.train;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.spec.ScheduleSpec;
import djlab.spec.SpecFiles;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Schedule} against the textbook (PyTorch) formulas. Update {@code i} counts from 1; {@code k = i - 1} updates
 * have been made before it, and epoch {@code e = (i - 1) / perEpoch} counts from 0.
 */
class ScheduleTests {

    private static final double BASE = 0.1;

    /** The schedule of a spec's {@code train.schedule}, bound and validated like a spec file's. */
    static ScheduleSpec spec(String yaml) {
        try {
            ObjectNode tree = (ObjectNode) SpecFiles.yaml().readTree("name: s\ntrain: {schedule: " + yaml + "}");
            return SpecFiles.bind("s.yaml", tree).train().schedule();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Compares the schedule with {@code formula} at every update from 1 to {@code total}. */
    static void assertFollows(IntToDoubleFunction formula, Schedule schedule, int total) {
        assertAll(IntStream.rangeClosed(1, total).mapToObj(i -> () ->
                assertEquals(formula.applyAsDouble(i), schedule.at(i), 1e-12 * BASE, "update " + i)));
    }

    @Test
    void constantIsTheBaseRate() {
        Schedule s = new Schedule(spec("{type: constant}"), BASE, 100, 1000);

        assertFollows(i -> BASE, s, 1000);
    }

    @Test
    void multistepHalvesAfterEachMilestone() {
        Schedule s = new Schedule(spec("{type: multistep, milestones: [800, 2400, 4000], gamma: 0.5}"), BASE, 600, 6000);

        // MultiStepLR: base * gamma ^ (milestones <= k)
        List<Integer> milestones = List.of(800, 2400, 4000);
        assertFollows(i -> BASE * Math.pow(0.5, milestones.stream().filter(m -> m <= i - 1).count()), s, 6000);
        assertAll(
                () -> assertEquals(0.1, s.at(1)),
                () -> assertEquals(0.1, s.at(800)),
                () -> assertEquals(0.05, s.at(801)),
                () -> assertEquals(0.05, s.at(2400)),
                () -> assertEquals(0.025, s.at(2401)),
                () -> assertEquals(0.0125, s.at(4001)),
                () -> assertEquals(0.0125, s.at(6000)));
    }

    @Test
    void multistepInEpochs() {
        Schedule s = new Schedule(spec("{type: multistep, milestones: [2, 4], gamma: 0.1, unit: epoch}"), BASE, 50, 300);

        assertFollows(i -> BASE * Math.pow(0.1, ((i - 1) / 50 >= 2 ? 1 : 0) + ((i - 1) / 50 >= 4 ? 1 : 0)), s, 300);
        assertEquals(0.1, s.at(100));
        assertEquals(0.01, s.at(101), 1e-15);
    }

    @ParameterizedTest(name = "every {0} epochs, gamma {1}")
    @CsvSource({"1, 0.5", "3, 0.1", "2, 0.9"})
    void stepDecaysEveryStepEpochs(int step, double gamma) {
        int perEpoch = 40;
        Schedule s = new Schedule(spec("{type: step, step: " + step + ", gamma: " + gamma + ", unit: epoch}"), BASE,
                perEpoch, 10 * perEpoch);

        // StepLR: base * gamma ^ floor(e / step)
        assertFollows(i -> BASE * Math.pow(gamma, Math.floor(((i - 1) / perEpoch) / (double) step)), s, 10 * perEpoch);
    }

    @Test
    void stepInIterations() {
        Schedule s = new Schedule(spec("{type: step, step: 250}"), BASE, 100, 1000);

        assertFollows(i -> BASE * Math.pow(0.1, Math.floor((i - 1) / 250.0)), s, 1000);
        assertEquals(0.1, s.at(250));
        assertEquals(0.01, s.at(251), 1e-15);
    }

    @Test
    void exponentialDecaysOncePerEpoch() {
        int perEpoch = 30;
        Schedule s = new Schedule(spec("{type: exponential, gamma: 0.9, unit: epoch}"), BASE, perEpoch, 20 * perEpoch);

        // ExponentialLR: base * gamma ^ e
        assertFollows(i -> BASE * Math.pow(0.9, (i - 1) / perEpoch), s, 20 * perEpoch);
        assertAll(
                () -> assertEquals(0.1, s.at(30)),
                () -> assertEquals(0.09, s.at(31), 1e-15),
                () -> assertEquals(0.1 * Math.pow(0.9, 19), s.at(600), 1e-15));
    }

    @Test
    void cosineAnnealsFromBaseToMinimumOverTheRun() {
        int total = 1000;
        double min = 0.001;
        Schedule s = new Schedule(spec("{type: cosine, min_lr: " + min + "}"), BASE, 100, total);

        // CosineAnnealingLR, T_max = total updates: min + (base - min) * (1 + cos(pi * k / T_max)) / 2
        assertFollows(i -> min + (BASE - min) * (1 + Math.cos(Math.PI * (i - 1) / total)) / 2, s, total);
        assertAll(
                () -> assertEquals(BASE, s.at(1), 1e-15),
                () -> assertEquals((BASE + min) / 2, s.at(501), 1e-15),
                () -> assertEquals(min, s.at(total + 1), 1e-15));
    }

    @Test
    void linearWarmUpRisesFromZeroToTheBaseRate() {
        Schedule s = new Schedule(spec("{type: constant, warmup: 100}"), BASE, 50, 1000);

        assertFollows(i -> i <= 100 ? BASE * i / 100 : BASE, s, 1000);
        assertAll(
                () -> assertEquals(0.001, s.at(1), 1e-15),
                () -> assertEquals(0.05, s.at(50), 1e-15),
                () -> assertEquals(0.1, s.at(100), 1e-15));
    }

    @Test
    void warmUpInEpochsThenCosineOverTheRest() {
        int perEpoch = 25;
        int total = 10 * perEpoch;
        int warmup = 2 * perEpoch;
        Schedule s = new Schedule(spec("{type: cosine, warmup: 2, unit: epoch}"), BASE, perEpoch, total);

        assertFollows(i -> i <= warmup ? BASE * i / warmup
                : BASE * (1 + Math.cos(Math.PI * (i - warmup - 1) / (total - warmup))) / 2, s, total);
    }

    @Test
    void warmUpThenExponentialCountsEpochsFromTheEndOfWarmUp() {
        int perEpoch = 10;
        Schedule s = new Schedule(spec("{type: exponential, gamma: 0.5, warmup: 1, unit: epoch}"), BASE, perEpoch, 50);

        assertFollows(i -> i <= perEpoch ? BASE * i / perEpoch : BASE * Math.pow(0.5, (i - perEpoch - 1) / perEpoch), s, 50);
    }

    @Test
    void multistepMilestonesCountFromTheStartIncludingWarmUp() {
        Schedule s = new Schedule(spec("{type: multistep, milestones: [300], gamma: 0.5, warmup: 100}"), BASE, 100, 500);

        assertFollows(i -> i <= 100 ? BASE * i / 100 : i <= 300 ? BASE : BASE / 2, s, 500);
    }

    @Test
    void theOptimizerSeesTheSameRatesAsTheCurves() {
        Schedule s = new Schedule(spec("{type: multistep, milestones: [3, 6], gamma: 0.5}"), BASE, 10, 10);

        assertAll(IntStream.rangeClosed(1, 10).mapToObj(i -> () ->
                assertEquals((float) s.at(i), s.getNewValue(i), "update " + i)));
        assertEquals((float) s.at(1), s.getNewValue(0));
    }
}
