package djlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.spec.SpecFiles;
import djlab.sweep.Point;
import djlab.sweep.SweepExpansion;
import djlab.sweep.SweepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Results folders made before a change are still found: every shipped spec (and every point of a shipped sweep)
 * whose spec tree is unchanged since the recorded build gets the same run id as then.
 */
class ShippedRunIdsTests {

    @Test
    void everyUnchangedShippedSpecKeepsItsRunIds() throws IOException {
        Map<String, List<String[]>> recorded = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/shipped-run-ids.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cells = line.split("\t");
                recorded.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(cells);
            }
        }
        int checked = 0;
        for (Map.Entry<String, List<String[]>> file : recorded.entrySet()) {
            Path path = Path.of(file.getKey());
            if (!Files.isRegularFile(path)) continue;
            ObjectNode tree = SpecFiles.read(path, List.of());
            if (!sha(tree).equals(file.getValue().get(0)[1])) continue; // the spec itself changed: a new id is right
            List<String> expected = file.getValue().stream().map(c -> c[2] + " " + c[3]).toList();
            assertEquals(expected, runIds(path, tree), path::toString);
            checked += expected.size();
        }
        assertTrue(checked >= 100, "only " + checked + " recorded run ids could be checked");
    }

    private static List<String> runIds(Path file, ObjectNode tree) {
        JsonNode sweepNode = tree.remove("sweep");
        if (sweepNode == null) return List.of("- " + RunId.of(SpecFiles.bind(file.toString(), tree)));
        SweepSpec sweep = SpecFiles.convert(file.toString(), sweepNode, SweepSpec.class, "sweep.");
        long seed = tree.path("seed").canConvertToLong() ? tree.path("seed").asLong() : 42;
        List<String> ids = new ArrayList<>();
        for (Point p : SweepExpansion.expand(file.toString(), tree, sweep, seed)) {
            ids.add(p.label() + " " + RunId.of(SpecFiles.bind(file.toString(), p.tree())));
        }
        return ids;
    }

    private static String sha(ObjectNode tree) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tree.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
