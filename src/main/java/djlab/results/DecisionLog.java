package djlab.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code decisions.jsonl} in an adaptive sweep's folder: one JSON object per line for every decision the sweep made
 * (a trial proposed, judged at a rung, raced for another seed, finished), in the order they were made. Appended
 * under an exclusive lock on {@code decisions.lock} held across processes (shards), after the line's key
 * ({@code trial}, {@code event}, {@code rung}, {@code seeds}) is looked up: a decision already logged is not logged
 * twice, and one logged differently is an error (two processes that disagree would break the sweep's promise that
 * every process decides alike). A line cut short by a kill is dropped before the next append.
 */
public final class DecisionLog {

    public static final String FILE = "decisions.jsonl";
    private static final String LOCK = "decisions.lock";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object IN_PROCESS = new Object();

    /** Two processes decided one thing differently. */
    public static final class Disagreement extends IllegalStateException {
        Disagreement(String message) {
            super(message);
        }
    }

    private final Path dir;

    public DecisionLog(Path sweepDir) {
        this.dir = sweepDir;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    /**
     * Appends {@code decision} unless the same decision is logged; {@code trial}, {@code event} and (for rungs)
     * {@code rung}, (for races) {@code seeds} identify it, fields named in {@code incidental} (who and when) are not
     * compared.
     *
     * @return true when it was appended by this call
     */
    public boolean append(ObjectNode decision, List<String> incidental) {
        // A file lock is held per JVM, not per thread: threads of one process (--parallel) take turns first.
        synchronized (IN_PROCESS) {
            return appendLocked(decision, incidental);
        }
    }

    private boolean appendLocked(ObjectNode decision, List<String> incidental) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockChannel.lock();
                    FileChannel log = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)) {
                byte[] all = Files.readAllBytes(file());
                int whole = all.length;
                while (whole > 0 && all[whole - 1] != '\n') whole--;
                if (whole < all.length) log.truncate(whole);
                for (JsonNode line : parse(new String(all, 0, whole, StandardCharsets.UTF_8))) {
                    if (!sameKey(line, decision)) continue;
                    ObjectNode a = ((ObjectNode) line).deepCopy();
                    ObjectNode b = decision.deepCopy();
                    a.remove(incidental);
                    b.remove(incidental);
                    if (a.equals(b)) return false;
                    throw new Disagreement(file() + ": logged " + line + ", now decided " + decision);
                }
                byte[] bytes = (JSON.writeValueAsString(decision) + "\n").getBytes(StandardCharsets.UTF_8);
                log.position(log.size());
                log.write(ByteBuffer.wrap(bytes));
                log.force(true);
                return true;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameKey(JsonNode a, JsonNode b) {
        return a.path("trial").equals(b.path("trial")) && a.path("event").equals(b.path("event"))
                && a.path("rung").equals(b.path("rung")) && a.path("seeds").equals(b.path("seeds"));
    }

    /** Every whole line logged so far, in order; none when there is no log. */
    public List<JsonNode> read() {
        try {
            String text = Files.exists(file()) ? Files.readString(file()) : "";
            return parse(text.substring(0, text.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> parse(String text) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            try {
                lines.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                // A line damaged some other way than being cut short: skipped, the decision is made again.
            }
        }
        return lines;
    }
}
