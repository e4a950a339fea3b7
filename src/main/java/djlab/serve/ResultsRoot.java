package djlab.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The results folder the dashboard serves, and the one gate through which a name from a request becomes a file: only
 * what lies inside the folder, after every symbolic link is followed, is let through. Names with {@code ..}, a
 * backslash, a NUL, a percent sign left after decoding (a double-encoded name) or a leading slash are refused before
 * the file system is asked.
 */
final class ResultsRoot {

    private final Path real;

    ResultsRoot(Path dir) {
        try {
            this.real = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return real;
    }

    /** The file or folder a request names, relative to the results folder, or empty when it lies outside. */
    Optional<Path> resolve(String relative) {
        if (relative == null) return Optional.empty();
        if (relative.isEmpty() || relative.equals(".")) return Optional.of(real);
        if (relative.startsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0
                || relative.indexOf('%') >= 0) {
            return Optional.empty();
        }
        for (String part : relative.split("/", -1)) {
            if (part.isEmpty() || part.equals("..") || part.equals(".")) return Optional.empty();
        }
        Path candidate = real.resolve(relative).normalize();
        if (!candidate.startsWith(real)) return Optional.empty();
        try {
            Path target = candidate.toRealPath();
            return target.startsWith(real) ? Optional.of(target) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether a folder met while walking the results lies inside them (a link to elsewhere is not followed). */
    boolean inside(Path dir) {
        try {
            return dir.toRealPath().startsWith(real);
        } catch (IOException e) {
            return false;
        }
    }

    /** How the dashboard names a folder under the results: its relative path with '/', "." for the folder itself. */
    String id(Path dir) {
        Path rel = real.relativize(dir);
        String id = rel.toString().replace(java.io.File.separatorChar, '/');
        return id.isEmpty() ? "." : id;
    }
}
