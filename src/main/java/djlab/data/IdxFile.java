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

    public static IdxFile read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
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

    public int count() {
        return dimensions[0];
    }
}
