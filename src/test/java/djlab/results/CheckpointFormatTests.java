package djlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The checkpoint file format: a round trip is exact, and every damage is caught before anything is used. */
class CheckpointFormatTests {

    private static Checkpoint sample() {
        Checkpoint c = Checkpoint.empty("abcdef012345");
        c.state().put("iteration", 17).put("loss", 0.1 + 0.2);
        c.arrays().put("parameters/w", new Checkpoint.Tensor("FLOAT32", new long[] {2, 3}, new byte[24]));
        byte[] bits = new byte[8];
        Arrays.fill(bits, (byte) 0x80);
        c.arrays().put("parameters/b", new Checkpoint.Tensor("FLOAT64", new long[] {}, bits));
        return c;
    }

    private static Checkpoint read(byte[] bytes, String runId) throws Checkpoint.Unusable {
        return Checkpoint.readFrom(new ByteArrayInputStream(bytes), bytes.length, runId);
    }

    @Test
    void aRoundTripIsExact() throws Exception {
        Checkpoint back = read(sample().toBytes(), "abcdef012345");
        assertEquals(sample().state(), back.state());
        assertEquals(0.1 + 0.2, back.state().path("loss").asDouble());
        assertEquals(sample().arrays(), back.arrays());
    }

    @Test
    void everySingleFlippedByteIsCaught() throws Exception {
        byte[] good = sample().toBytes();
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            assertThrows(Checkpoint.Unusable.class, () -> read(bad, "abcdef012345"), "byte " + i);
        }
    }

    @Test
    void everyTruncationIsCaught() throws Exception {
        byte[] good = sample().toBytes();
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(Checkpoint.Unusable.class, () -> read(cut, "abcdef012345"), n + " bytes");
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(Checkpoint.Unusable.class, () -> read(longer, "abcdef012345"));
    }

    @Test
    void anotherRunsCheckpointIsRefusedByName() throws Exception {
        Checkpoint.Unusable e = assertThrows(Checkpoint.Unusable.class, () -> read(sample().toBytes(), "000000000000"));
        assertEquals("it belongs to run abcdef012345, not 000000000000", e.getMessage());
        assertTrue(assertThrows(Checkpoint.Unusable.class, () -> read(new byte[0], "x")).getMessage().contains("empty"));
    }
}
