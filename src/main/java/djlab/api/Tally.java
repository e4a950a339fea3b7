package djlab.api;

/**
 * How a call of {@link Experiment#sweep()} went: the runs it trained to the end, pruned (adaptive sweeps), found
 * completed before (skipped), saw fail or diverge, and left to another process training them (elsewhere).
 */
public record Tally(int completed, int pruned, int skipped, int failed, int elsewhere) {

    /** No run failed or diverged. */
    public boolean allGood() {
        return failed == 0;
    }
}
