package djlab.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveFileTests {

    @TempDir
    Path dir;

    private void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsOnlyWholeLinesAndThenOnlyWhatWasAppended() throws Exception {
        Path file = dir.resolve("epochs.csv");
        append(file, "epoch,test_accuracy\n1,0.5\n2,0.");
        CurveFile curve = new CurveFile(file);
        CurveFile.Chunk first = curve.read();
        assertEquals(List.of("epoch", "test_accuracy"), first.columns());
        assertEquals(1, first.rows().size(), "the half-written row waits for its end");
        assertArrayEquals(new double[] {1, 0.5}, first.rows().get(0));
        assertEquals(0, first.from());
        assertNull(curve.read(), "nothing new, nothing read");
        append(file, "75\n3,\n");
        CurveFile.Chunk second = curve.read();
        assertEquals(first.to(), second.from(), "the next rows start where the last ended");
        assertEquals(2, second.rows().size());
        assertArrayEquals(new double[] {2, 0.75}, second.rows().get(0));
        assertTrue(Double.isNaN(second.rows().get(1)[1]), "an empty cell is a missing value");
        assertEquals(Files.size(file), second.to());
        assertNull(curve.problem());
        assertEquals(3, curve.rows());
    }

    @Test
    void aFileWrittenAfreshIsReadFromItsStart() throws Exception {
        Path file = dir.resolve("epochs.csv");
        append(file, "epoch,test_accuracy\n1,0.5\n2,0.6\n");
        CurveFile curve = new CurveFile(file);
        curve.read();
        Files.writeString(file, "epoch,test_accuracy\n1,0.4\n");
        CurveFile.Chunk again = curve.read();
        assertNotNull(again);
        assertTrue(again.reset());
        assertEquals(0, again.from());
        assertEquals(1, again.rows().size());
        assertArrayEquals(new double[] {1, 0.4}, again.rows().get(0));
    }

    @Test
    void aRowOfTheWrongWidthOrNotNumbersMakesTheFileUnreadable() throws Exception {
        Path file = dir.resolve("epochs.csv");
        append(file, "epoch,test_accuracy\n1,0.5,7\n");
        CurveFile curve = new CurveFile(file);
        curve.read();
        assertEquals("epochs.csv: line 2 has 3 cells, expected 2", curve.problem());
        Path other = dir.resolve("iterations.csv");
        append(other, "iteration,lr\n10,fast\n");
        CurveFile words = new CurveFile(other);
        words.read();
        assertEquals("iterations.csv: line 2: lr is not a number", words.problem());
    }

    @Test
    void aMissingFileHasNoRows() throws Exception {
        assertNull(new CurveFile(dir.resolve("none.csv")).read());
    }
}
