package djlab.augment;

import java.util.Random;

/**
 * {@link java.util.Random}'s generator (the same 48-bit linear congruence, so the same numbers for the same seed)
 * with a state that can be read and set: {@code Random} hides its state, and a run continued from a checkpoint must
 * draw what an uninterrupted run would have drawn next.
 */
public final class SeededRandom extends Random {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private long state;

    public SeededRandom(long seed) {
        super(0);
        this.state = (seed ^ MULTIPLIER) & MASK;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    @Override
    public synchronized void setSeed(long seed) {
        // Called by Random's constructor before this object's fields exist; the constructor above sets the state.
        this.state = (seed ^ MULTIPLIER) & MASK;
    }

    /** The generator's whole state: {@link #restore} with it continues the same sequence. */
    public long state() {
        return state;
    }

    public void restore(long saved) {
        this.state = saved & MASK;
    }
}
