package djlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crafted IDX header promising far more images than its file holds is refused before the data's array is
 * allocated. Bounded for the test machine: the header promises 100 MB, and the test measures what this thread
 * allocated while reading (the old reader allocated all of it before noticing the file ends).
 */
class IdxHeaderTests {

    @TempDir
    Path dir;

    /** The header of an images file: magic, count, 28, 28, then {@code extra} bytes. */
    private static byte[] images(int count, int extra) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x0803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[extra]);
        }
        return bytes.toByteArray();
    }

    private static long allocatedWhile(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void aHeaderPromisingMoreThanAnUncompressedFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path file = dir.resolve("train-images-idx3-ubyte");
        Files.write(file, images(130_000, 17)); // a 33-byte file promising 130,000 images (102 MB)

        long allocated = allocatedWhile(() -> {
            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));
            assertEquals(file + ": truncated: its header promises 101920000 bytes of data, the file ends early",
                    e.getMessage());
        });

        assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes");
    }

    @Test
    void aGzipFileCannotPromiseMoreThanDeflateCanHold() throws IOException {
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(images(130_000, 100));
        }
        long size = Files.size(file);

        long allocated = allocatedWhile(() -> {
            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));
            assertEquals(file + ": truncated: its header promises 101920000 bytes of data, the file ends early (a gzip "
                    + "file of " + size + " bytes holds at most " + 1032 * size + ")", e.getMessage());
        });

        assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes");
    }

    @Test
    void aHeaderThatFitsItsFileIsReadWhole() throws IOException {
        Path file = dir.resolve("t10k-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(images(3, 3 * 784));
        }

        IdxFile idx = IdxFile.read(file);

        assertEquals(3, idx.count());
        assertEquals(3 * 784, idx.data().length);
    }
}
