package djlab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the MNIST format): a magic number giving the element type and rank, the dimensions, then raw bytes.
 * Read whole, gzipped or not, with every way it can be broken reported as a {@link DataException}.
 */
public record IdxFile(int[] dimensions, byte[] data) {

    /**
     * Deflate turns at most 1032 bytes into one (its longest match per code); a gzip file of n bytes cannot hold more
     * than this many times n, whatever its header says.
     */
    static final long MAX_GZIP_RATIO = 1032;

    public static IdxFile read(Path file) {
        boolean gzipped = file.toString().endsWith(".gz");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream in = new DataInputStream(gzipped ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            int type = (magic >> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
                throw new DataException(file + ": not an IDX file of unsigned bytes (magic number 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[rank];
            long size = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new DataException(file + ": not a valid IDX file (dimension " + (i + 1) + " is "
                            + Integer.toUnsignedString(dims[i]) + ")");
                }
                size *= dims[i];
            }
            if (size > Integer.MAX_VALUE - 16) throw new DataException(file + ": too large (" + size + " bytes)");
            checkAgainstFileSize(file, gzipped, 4L + 4L * rank, size);
            byte[] data = new byte[(int) size];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new DataException(file + ": truncated: its header promises " + size + " bytes of data, the file ends early");
            }
            // Reading to the end makes GZIPInputStream check the trailer's CRC-32 and length.
            if (in.read() != -1) {
                throw new DataException(file + ": has more data than its header promises (" + size + " bytes)");
            }
            return new IdxFile(dims, data);
        } catch (EOFException e) {
            throw new DataException(file + ": truncated: the file ends " + (e.getMessage() != null && e.getMessage().contains("ZLIB")
                    ? "inside its compressed data" : "inside its header"));
        } catch (ZipException e) {
            throw new DataException(file + ": not a valid gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * A header promising more data than the file can hold is refused before the data's array is allocated: a
     * 33-byte file must not cost gigabytes. An uncompressed file must match exactly.
     */
    private static void checkAgainstFileSize(Path file, boolean gzipped, long header, long size) throws IOException {
        long length = Files.size(file);
        if (gzipped ? size > MAX_GZIP_RATIO * length : header + size > length) {
            throw new DataException(file + ": truncated: its header promises " + size + " bytes of data, the file ends "
                    + "early" + (gzipped ? " (a gzip file of " + length + " bytes holds at most " + MAX_GZIP_RATIO * length
                            + ")" : ""));
        }
    }

    public int count() {
        return dimensions[0];
    }
}
