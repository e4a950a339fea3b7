package djlab.data;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The records of a data set folder, read once per JVM: every run of a sweep would otherwise unzip and copy the same
 * files again (a second each, and garbage that grows the heap). Keyed by folder and the files' sizes and times, so
 * a changed file is read again; held softly, so memory pressure can drop it. Read-only after loading: runs copy
 * what they use.
 */
final class RawCache {

    private static final Map<String, SoftReference<RawImages[]>> CACHE = new HashMap<>();

    private RawCache() {}

    static synchronized RawImages[] get(DataSetKind kind, Path folder, Supplier<RawImages[]> read) {
        String key = kind + "|" + folder.toAbsolutePath().normalize() + "|" + fingerprint(folder);
        SoftReference<RawImages[]> cached = CACHE.get(key);
        RawImages[] raw = cached == null ? null : cached.get();
        if (raw == null) {
            raw = read.get();
            CACHE.clear();
            CACHE.put(key, new SoftReference<>(raw));
        }
        return raw;
    }

    private static String fingerprint(Path folder) {
        StringBuilder print = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                print.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                        .append(Files.getLastModifiedTime(f).toMillis()).append(';');
            }
        } catch (IOException e) {
            return "unreadable";
        }
        return print.toString();
    }
}
