package djlab.sweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ASHA's rungs and promotions, and the median rule, on hand-made curves. */
class PrunerTests {

    @Test
    void ashaRungsAreMinEpochsTimesPowersOfEtaBelowTheBudget() {
        assertEquals(List.of(1, 3, 9), new Asha(1, 3).checkpoints(27));
        assertEquals(List.of(1, 3, 9), new Asha(1, 3).checkpoints(10));
        assertEquals(List.of(2, 4, 8), new Asha(2, 2).checkpoints(9));
        assertEquals(List.of(), new Asha(5, 3).checkpoints(5));
        assertEquals(2, new Asha(1, 3).rung(9, 27));
    }

    @Test
    void ashaPromotesTheTopThirdOfTheTrialsThatReachedTheRungSoFar() {
        Asha asha = new Asha(1, 3);
        // The first trial at a rung always goes on.
        assertTrue(asha.decide(1, new double[] {0.1}, List.of(), true).goOn());
        List<double[]> earlier = new ArrayList<>();
        for (double v : new double[] {0.5, 0.6, 0.7, 0.8, 0.9}) earlier.add(new double[] {v, v});
        // Six at the rung: the top two go on.
        assertTrue(asha.decide(1, new double[] {0.95}, earlier, true).goOn());
        assertTrue(asha.decide(1, new double[] {0.85}, earlier, true).goOn());
        Pruner.Decision third = asha.decide(1, new double[] {0.75}, earlier, true);
        assertFalse(third.goOn());
        assertEquals("rank 3 of 6 trials at rung 0 (epoch 1); the top 2 go on", third.reason());
        // Minimising, the order turns round.
        assertTrue(asha.decide(1, new double[] {0.4}, earlier, false).goOn());
        assertFalse(asha.decide(1, new double[] {0.75}, earlier, false).goOn());
        // Trials pruned before a rung do not count at it.
        List<double[]> shortOnes = List.of(new double[] {0.9}, new double[] {0.95}, new double[] {0.1, 0.2});
        assertTrue(asha.decide(2, new double[] {0.1, 0.25}, shortOnes, true).goOn(), "one other at epoch 2");
        assertFalse(asha.decide(2, new double[] {0.99, 0.15}, shortOnes, true).goOn(), "the value at the rung counts");
        assertFalse(asha.decide(1, new double[] {Double.NaN}, List.of(), true).goOn(), "a failed trial stops");
    }

    @Test
    void theMedianRuleStopsATrialWorseThanTheMedianOfRunningAverages() {
        Median median = new Median(1);
        assertEquals(List.of(1, 2, 3), median.checkpoints(4));
        assertEquals(List.of(2, 3), new Median(2).checkpoints(4));
        List<double[]> earlier = List.of(new double[] {0.5, 0.7, 0.9}, new double[] {0.6, 0.8, 0.9}, new double[] {0.1, 0.2});
        // Running averages at epoch 2: 0.6, 0.7, 0.15 -> median 0.6.
        assertTrue(median.decide(2, new double[] {0.3, 0.6}, earlier, true).goOn());
        Pruner.Decision stop = median.decide(2, new double[] {0.3, 0.59}, earlier, true);
        assertFalse(stop.goOn());
        assertTrue(stop.reason().contains("median 0.6000 of 3 earlier trials"), stop.reason());
        // At epoch 3 only two reached it: averages 0.7 and 0.7667, median 0.7333; best so far counts, not the last.
        assertTrue(median.decide(3, new double[] {0.74, 0.5, 0.4}, earlier, true).goOn());
        assertTrue(median.decide(3, new double[] {0.9, 0.9, 0.9}, List.of(), true).goOn(), "nobody to compare with");
    }
}
