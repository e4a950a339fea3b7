package djlab.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** SeededRandom draws what java.util.Random draws (so augmented runs are unchanged), and its state can be restored. */
class SeededRandomTests {

    @Test
    void drawsWhatJavaUtilRandomDraws() {
        for (long seed : new long[] {0, 1, 42, -7, 0x9E3779B97F4A7C15L}) {
            Random expected = new Random(seed);
            SeededRandom actual = new SeededRandom(seed);
            for (int i = 0; i < 1000; i++) {
                assertEquals(expected.nextInt(5), actual.nextInt(5));
                assertEquals(expected.nextDouble(), actual.nextDouble());
                assertEquals(expected.nextBoolean(), actual.nextBoolean());
                assertEquals(expected.nextLong(), actual.nextLong());
            }
        }
    }

    @Test
    void aRestoredStateContinuesTheSameSequence() {
        SeededRandom first = new SeededRandom(3);
        for (int i = 0; i < 77; i++) first.nextDouble();
        long saved = first.state();
        double[] next = {first.nextDouble(), first.nextInt(9), first.nextDouble()};
        SeededRandom other = new SeededRandom(99);
        other.restore(saved);
        assertEquals(next[0], other.nextDouble());
        assertEquals(next[1], other.nextInt(9));
        assertEquals(next[2], other.nextDouble());
    }
}
