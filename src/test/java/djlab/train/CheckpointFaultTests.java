package djlab.train;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import djlab.TestSupport;
import djlab.results.Checkpoint;
import djlab.results.RunCheckpoint;
import djlab.results.RunFolder;
import djlab.results.RunId;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that must not be continued from (damaged, cut short, another run's) is reported in one line and the
 * run starts over, ending as a run never interrupted; a checkpoint that cannot be written (a full disk) leaves the
 * previous one intact and the run recorded as failed with the reason.
 */
class CheckpointFaultTests {

    static final String SPEC = """
            name: faults
            data: {validation: 0.1, limit: {train: 500, test: 200}}
            model: {type: mlp, hidden: [32]}
            train: {epochs: 2, batch_size: 50, log_every: 2, optimizer: {type: sgd, lr: 0.1, momentum: 0.9}}
            """;

    @TempDir
    Path dir;

    @AfterEach
    void forgetStops() {
        StopRequest.reset();
    }

    @Test
    void aDamagedCheckpointIsReportedAndTheRunStartsOver() throws IOException {
        assertStartsOver("its checksum does not match", file -> {
            byte[] bytes = read(file);
            bytes[bytes.length / 2] ^= 0x10;
            rewrite(file, bytes);
        });
    }

    @Test
    void aTruncatedCheckpointIsReportedAndTheRunStartsOver() throws IOException {
        assertStartsOver("cut short", file -> {
            byte[] bytes = read(file);
            rewrite(file, java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        });
    }

    @Test
    void anotherRunsCheckpointIsReportedAndTheRunStartsOver() throws IOException {
        assertStartsOver("it belongs to run", file -> {
            try {
                Checkpoint other = new Checkpoint("0123456789ab", Checkpoint.empty("x").state(), new java.util.LinkedHashMap<>());
                rewrite(file, other.toBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aFileThatIsNoCheckpointIsReportedAndTheRunStartsOver() throws IOException {
        assertStartsOver("not a DJLab checkpoint", file -> rewrite(file, "{\"hello\": 1}\n".getBytes()));
    }

    private void assertStartsOver(String reason, Consumer<Path> damage) throws IOException {
        Path spec = write(dir, "faults.yaml", SPEC);
        String runId = RunId.of(SpecFiles.load(spec, List.of()));
        TestSupport.CliResult straight = djlab(TestSupport.withLocations(dir.resolve("straight"), "run", spec.toString()));
        assertEquals(0, straight.exitCode(), straight::toString);

        Path results = dir.resolve("damaged");
        Path run = results.resolve("faults").resolve(runId);
        StopRequest.requestAtIteration(13);
        assertEquals(143, djlab(TestSupport.withLocations(results, "run", spec.toString())).exitCode());
        StopRequest.reset();
        damage.accept(run.resolve(RunCheckpoint.FILE));

        TestSupport.CliResult again = djlab(TestSupport.withLocations(results, "run", spec.toString()));

        assertEquals(0, again.exitCode(), again::toString);
        List<String> warnings = again.err().lines().filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(1, warnings.size(), again::toString);
        assertTrue(warnings.get(0).contains(RunCheckpoint.FILE + ": not continued from: ")
                && warnings.get(0).contains(reason) && warnings.get(0).endsWith("; the run starts over"), warnings::toString);
        assertFalse(again.err().contains("resuming "), again::toString);
        assertEquals(0, readJson(run.resolve("summary.json")).path("resumed").asInt());
        Path done = dir.resolve("straight").resolve("faults").resolve(runId);
        assertArrayEquals(read(done.resolve("model-0002.params")), read(run.resolve("model-0002.params")));
        assertEquals(Files.readString(done.resolve("iterations.csv")), Files.readString(run.resolve("iterations.csv")));
    }

    @Test
    void aCheckpointThatCannotBeWrittenLeavesThePreviousOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("run"));
        RunFolder run = new RunFolder(folder);
        Checkpoint first = new Checkpoint("aaaaaaaaaaaa", Checkpoint.empty("x").state().put("n", 1), new java.util.LinkedHashMap<>());
        first.arrays().put("w", new Checkpoint.Tensor("FLOAT32", new long[] {4}, new byte[16]));
        new RunCheckpoint(run).write(first);
        RunCheckpoint full = new RunCheckpoint(run, file -> new FullAfter(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 40));
        Checkpoint second = new Checkpoint("aaaaaaaaaaaa", Checkpoint.empty("x").state().put("n", 2), first.arrays());

        RunCheckpoint.WriteFailed failed = assertThrows(RunCheckpoint.WriteFailed.class, () -> full.write(second));

        assertTrue(failed.getMessage().contains("the disk is full") && failed.getMessage().contains("previous checkpoint is intact"),
                failed::getMessage);
        assertEquals(1, new RunCheckpoint(run).read("aaaaaaaaaaaa").orElseThrow().state().path("n").asInt());
        assertEquals(first.arrays(), new RunCheckpoint(run).read("aaaaaaaaaaaa").orElseThrow().arrays());
        assertEquals(List.of(RunCheckpoint.FILE), TestSupport.filesUnder(folder), "no temporary file left");
    }

    /**
     * On a real full file system (a 320 KB tmpfs, where the machine lets the tests mount one as root): the first
     * checkpoint fits, the second does not beside it; the run is recorded failed with the reason and the first
     * checkpoint is intact.
     */
    @Test
    void aFullDiskMarksTheRunFailedAndKeepsThePreviousCheckpoint() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", mount.toString()) == 0,
                "needs root to mount a small tmpfs");
        try {
            Path spec = write(dir, "faults.yaml", SPEC.replace("epochs: 2", "epochs: 3, checkpoint: {every: 4, unit: iteration}"));
            TestSupport.CliResult result = djlab(TestSupport.withLocations(mount, "run", spec.toString()));

            assertEquals(1, result.exitCode(), result::toString);
            Path run = mount.resolve("faults").resolve(RunId.of(SpecFiles.load(spec, List.of())));
            assertEquals("failed", readJson(run.resolve("summary.json")).path("status").asText());
            String error = readJson(run.resolve("summary.json")).path("error").asText();
            assertTrue(error.startsWith("cannot write the checkpoint ") && error.contains("the disk is full")
                    && error.contains("(the previous checkpoint is intact)"), error);
            assertTrue(result.out().contains("failed: " + run + ": cannot write the checkpoint"), result::toString);
            Checkpoint kept = new RunCheckpoint(new RunFolder(run)).read(run.getFileName().toString()).orElseThrow();
            assertEquals(4, kept.state().path("recorder").path("iteration").asInt(), "the first checkpoint, intact");
            assertFalse(Files.exists(run.resolve(RunCheckpoint.FILE + ".tmp")));
        } finally {
            exec("umount", mount.toString());
        }
    }

    private static int exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void rewrite(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file channel on a disk that fills up after {@code room} bytes. */
    private static final class FullAfter extends FileChannel {
        private final FileChannel inner;
        private long room;

        FullAfter(FileChannel inner, long room) {
            this.inner = inner;
            this.room = room;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (src.remaining() > room) throw new IOException("No space left on device");
            room -= src.remaining();
            return inner.write(src);
        }

        @Override public int read(ByteBuffer dst) throws IOException { return inner.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return inner.read(dsts, offset, length); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { throw new IOException("No space left on device"); }
        @Override public long position() throws IOException { return inner.position(); }
        @Override public FileChannel position(long p) throws IOException { inner.position(p); return this; }
        @Override public long size() throws IOException { return inner.size(); }
        @Override public FileChannel truncate(long size) throws IOException { inner.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { inner.force(metaData); }
        @Override public long transferTo(long p, long c, java.nio.channels.WritableByteChannel t) throws IOException { return inner.transferTo(p, c, t); }
        @Override public long transferFrom(java.nio.channels.ReadableByteChannel s, long p, long c) throws IOException { return inner.transferFrom(s, p, c); }
        @Override public int read(ByteBuffer dst, long p) throws IOException { return inner.read(dst, p); }
        @Override public int write(ByteBuffer src, long p) throws IOException { throw new IOException("No space left on device"); }
        @Override public java.nio.MappedByteBuffer map(MapMode m, long p, long s) throws IOException { return inner.map(m, p, s); }
        @Override public java.nio.channels.FileLock lock(long p, long s, boolean sh) throws IOException { return inner.lock(p, s, sh); }
        @Override public java.nio.channels.FileLock tryLock(long p, long s, boolean sh) throws IOException { return inner.tryLock(p, s, sh); }
        @Override protected void implCloseChannel() throws IOException { inner.close(); }
    }
}
