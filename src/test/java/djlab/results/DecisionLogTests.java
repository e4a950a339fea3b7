package djlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log: each decision once, a different one for the same key refused, a cut line dropped, threads safe. */
class DecisionLogTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WHO = List.of("process");

    @TempDir
    Path dir;

    private static ObjectNode rung(int trial, int rung, String decision, String process) {
        ObjectNode d = JSON.createObjectNode();
        d.put("trial", trial).put("event", "rung").put("rung", rung).put("decision", decision).put("process", process);
        return d;
    }

    @Test
    void aDecisionIsLoggedOnceWhoeverMakesItAgain() {
        DecisionLog log = new DecisionLog(dir);
        assertTrue(log.append(rung(1, 0, "go on", "a"), WHO));
        assertFalse(log.append(rung(1, 0, "go on", "b"), WHO), "the same decision from another process");
        assertTrue(log.append(rung(1, 1, "pruned", "a"), WHO));
        assertEquals(2, log.read().size());
        assertEquals("a", log.read().get(0).path("process").asText());
    }

    @Test
    void aDifferentDecisionForTheSameTrialAndRungIsRefused() {
        DecisionLog log = new DecisionLog(dir);
        log.append(rung(3, 0, "go on", "a"), WHO);
        DecisionLog.Disagreement e = assertThrows(DecisionLog.Disagreement.class, () -> log.append(rung(3, 0, "pruned", "b"), WHO));
        assertTrue(e.getMessage().contains("\"pruned\""), e.getMessage());
        assertEquals(1, log.read().size(), "nothing appended");
    }

    @Test
    void aLineCutShortByAKillIsDroppedBeforeTheNextAppend() throws Exception {
        DecisionLog log = new DecisionLog(dir);
        log.append(rung(1, 0, "go on", "a"), WHO);
        Files.writeString(log.file(), "{\"trial\":2,\"event\":\"ru", StandardOpenOption.APPEND);
        assertEquals(1, log.read().size());
        log.append(rung(2, 0, "pruned", "b"), WHO);
        List<String> lines = Files.readAllLines(log.file());
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("{\"trial\":2,\"event\":\"rung\""), lines.toString());
    }

    @Test
    void threadsAppendingTheSameDecisionsLogEachOnce() throws Exception {
        DecisionLog log = new DecisionLog(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String who = "thread" + t;
            futures.add(pool.submit(() -> {
                for (int trial = 1; trial <= 25; trial++) log.append(rung(trial, 0, trial % 3 == 0 ? "pruned" : "go on", who), WHO);
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        assertEquals(25, log.read().size());
        assertEquals(25, Files.readAllLines(log.file()).size());
    }
}
