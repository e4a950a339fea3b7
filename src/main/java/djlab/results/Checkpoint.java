package djlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A run's training state at a batch boundary, as {@code checkpoint.bin} holds it: a header (a magic word, the format
 * version, the run id), the scalar state as JSON (positions, counters, the curves' summaries so far), then named raw
 * arrays (parameters, optimizer state, running sums) and a CRC-32C of everything before it. The header and checksum
 * are what let a truncated or corrupt file, or one copied from another run, be told from a good one before any of it
 * is used. Arrays are kept as bytes, so what is restored is bit for bit what was saved.
 */
public record Checkpoint(String runId, ObjectNode state, Map<String, Tensor> arrays) {

    public static final int FORMAT = 1;
    private static final byte[] MAGIC = "DJLAB-CHECKPOINT".getBytes(StandardCharsets.US_ASCII);
    /** Limits that a corrupt length field cannot make us allocate past. */
    private static final int MAX_JSON = 256 << 20;
    static final ObjectMapper JSON = new ObjectMapper();

    /** One array: its engine data type name, shape and raw bytes (native byte order, as the engine gives them). */
    public record Tensor(String dataType, long[] shape, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && dataType.equals(t.dataType) && Arrays.equals(shape, t.shape)
                    && Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }

    /** A checkpoint that cannot be used: unreadable, cut short, damaged, another run's, or of another format. */
    public static final class Unusable extends Exception {
        public Unusable(String message) {
            super(message);
        }
    }

    public static Checkpoint empty(String runId) {
        return new Checkpoint(runId, JSON.createObjectNode(), new LinkedHashMap<>());
    }

    public void writeTo(OutputStream sink) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(sink, new CRC32C());
        DataOutputStream out = new DataOutputStream(checked);
        out.write(MAGIC);
        out.writeInt(FORMAT);
        out.writeUTF(runId);
        byte[] json = JSON.writeValueAsBytes(state);
        out.writeInt(json.length);
        out.write(json);
        out.writeInt(arrays.size());
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            Tensor t = e.getValue();
            out.writeUTF(e.getKey());
            out.writeUTF(t.dataType());
            out.writeInt(t.shape().length);
            for (long d : t.shape()) out.writeLong(d);
            out.writeInt(t.data().length);
            out.write(t.data());
        }
        out.flush();
        long crc = checked.getChecksum().getValue();
        out.writeLong(crc);
        out.flush();
    }

    /** Reads and checks a checkpoint of run {@code expectedRunId}; {@code size} bounds the lengths it may claim. */
    public static Checkpoint readFrom(InputStream source, long size, String expectedRunId) throws Unusable {
        CheckedInputStream checked = new CheckedInputStream(source, new CRC32C());
        DataInputStream in = new DataInputStream(checked);
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new Unusable(magic.length == 0 ? "it is empty" : "not a DJLab checkpoint");
            }
            int format = in.readInt();
            if (format != FORMAT) throw new Unusable("format " + format + ", this DJLab reads format " + FORMAT);
            String runId = in.readUTF();
            if (!runId.equals(expectedRunId)) throw new Unusable("it belongs to run " + runId + ", not " + expectedRunId);
            byte[] json = new byte[length(in.readInt(), Math.min(size, MAX_JSON))];
            in.readFully(json);
            int count = length(in.readInt(), size);
            Map<String, Tensor> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                String type = in.readUTF();
                long[] shape = new long[length(in.readInt(), 32)];
                for (int d = 0; d < shape.length; d++) shape[d] = in.readLong();
                byte[] data = new byte[length(in.readInt(), size)];
                in.readFully(data);
                arrays.put(name, new Tensor(type, shape, data));
            }
            long computed = checked.getChecksum().getValue();
            long stored = in.readLong();
            if (computed != stored) throw new Unusable("its checksum does not match (the file is damaged)");
            if (in.read() != -1) throw new Unusable("it has bytes after its end");
            JsonNode state = JSON.readTree(json);
            if (!(state instanceof ObjectNode object)) throw new Unusable("its state is not a JSON object");
            return new Checkpoint(runId, object, arrays);
        } catch (EOFException e) {
            throw new Unusable("it is cut short (truncated)");
        } catch (IOException e) {
            throw new Unusable("it cannot be read: " + e.getMessage());
        }
    }

    private static int length(int claimed, long bound) throws Unusable {
        if (claimed < 0 || claimed > bound) throw new Unusable("it is damaged (a length of " + claimed + ")");
        return claimed;
    }

    /** The bytes {@link #writeTo} writes (tests, sizes). */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTo(bytes);
        return bytes.toByteArray();
    }
}
