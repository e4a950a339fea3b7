package djlab.train;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop: training ends at the next batch boundary, writes a checkpoint and the run
 * is recorded as interrupted; the process then exits 143 (TERM) or 130 (INT). A second SIGINT (Ctrl-C twice), or
 * the grace period running out, ends the process at once.
 *
 * <p>{@code sun.misc.Signal} rather than a shutdown hook: a hook runs while the JVM is already exiting, when other
 * threads may be stopped at any instruction and the run cannot be brought to a batch boundary; a signal handler
 * only sets a flag that the training loop reads between batches. (The API is in {@code jdk.unsupported}, present
 * in every JDK 17 and kept for this use.)
 */
public final class StopRequest {

    private static volatile String signal;
    private static volatile int graceSeconds = 30;
    private static final AtomicInteger TRAINING = new AtomicInteger();
    private static volatile boolean installed;

    private StopRequest() {}

    /** Handles TERM and INT for this process (the CLI; tests of the loop set {@link #request} directly). */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> received(s.getName()));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // A JVM that reserves the signal (e.g. -Xrs): the default behaviour stays.
            }
        }
    }

    /** Seconds between the first signal and a hard exit (default 30). */
    public static void graceSeconds(int seconds) {
        graceSeconds = seconds;
    }

    private static void received(String name) {
        int code = exitCode(name);
        if (signal != null) {
            if (name.equals("INT")) Runtime.getRuntime().halt(code);
            return;
        }
        request(name);
        if (TRAINING.get() == 0) {
            // Nothing is training (reading data, between runs): nothing to save, stop now.
            System.exit(code);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(graceSeconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("djlab: still not stopped " + graceSeconds + " s after SIG" + name + ": exiting now");
            Runtime.getRuntime().halt(code);
        }, "djlab-stop-grace");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Asks every training loop of this process to stop at its next batch boundary. */
    public static void request(String signalName) {
        signal = signalName;
    }

    public static boolean requested() {
        return signal != null;
    }

    /** The signal that asked to stop (TERM, INT), or null. */
    public static String signal() {
        return signal;
    }

    /** 128 + the signal's number, as a shell reports a process ended by it: 143 for TERM, 130 for INT. */
    public static int exitCode(String name) {
        return "INT".equals(name) ? 130 : 143;
    }

    private static volatile int testStopAt = -1;

    /** Tests only: forget a request. */
    static void reset() {
        signal = null;
        testStopAt = -1;
    }

    /** Tests only: a stop requested as by SIGTERM once training reaches update {@code iteration}, exactly there. */
    static void requestAtIteration(int iteration) {
        testStopAt = iteration;
    }

    /** Whether a stop is requested, at a boundary after update {@code iteration}. */
    static boolean requestedAt(int iteration) {
        if (iteration == testStopAt) request("TERM");
        return signal != null;
    }

    /** Marks a training loop running (a signal then waits for its batch boundary); close when it ends. */
    static Scope training() {
        TRAINING.incrementAndGet();
        return TRAINING::decrementAndGet;
    }

    /** A training loop in progress. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Thrown at a batch boundary after the checkpoint is written: the run is interrupted, not failed. */
    public static final class Interrupted extends RuntimeException {
        public Interrupted(String message) {
            super(message);
        }
    }
}
