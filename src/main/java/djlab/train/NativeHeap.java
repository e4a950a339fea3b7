package djlab.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Hands the C heap's free pages back to the system at the end of a run. libtorch frees a run's tensors into glibc's
 * heap, where the next run's differently sized blocks fragment it: without this, resident memory over a 20-run
 * sweep doubled (measured with {@code djlab bench --sweep-memory}). Trimming once per run costs a few
 * milliseconds; tuning glibc instead (a fixed mmap threshold) gave every large tensor fresh pages and halved the
 * training speed. JNA comes with DJL. Elsewhere than glibc (macOS, musl) it does nothing.
 */
final class NativeHeap {

    private interface CLibrary extends Library {
        int malloc_trim(long pad);
    }

    private static volatile CLibrary libc = load();

    private NativeHeap() {}

    static void trim() {
        CLibrary c = libc;
        if (c == null) return;
        try {
            c.malloc_trim(0);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            libc = null;
        }
    }

    private static CLibrary load() {
        if (!Platform.isLinux()) return null;
        try {
            return Native.load("c", CLibrary.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
