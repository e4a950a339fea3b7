package djlab.train;

/**
 * PyTorch's random generator is one per JVM, and DJL cannot save or give each run its own. Runs side by side
 * ({@code --parallel}) therefore take turns at it: whoever seeds it and then draws from it (a run's initialisation;
 * a run with dropout, its per-batch seed and forward pass) holds this lock in between, so that no other run's seed
 * or draw lands in the middle and every run stays what its seed makes it, alone or beside others.
 */
final class EngineGenerator {

    static final Object LOCK = new Object();

    private EngineGenerator() {}
}
