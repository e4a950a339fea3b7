package djlab.results;

import static djlab.TestSupport.filesUnder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while writing a result file: the write fails, no temporary file is left behind and the previous file
 * is as it was. The disk is made full for one file by pointing its temporary file at /dev/full, where every write
 * fails with "No space left on device".
 */
class FullDiskTests {

    @TempDir
    Path dir;

    @BeforeEach
    void needsDevFull() {
        assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full (Linux)");
    }

    @Test
    void aSummaryThatCannotBeWrittenLeavesNoTemporaryFileAndTheOldSummary() throws Exception {
        RunFolder folder = RunFolder.of(dir, "full", "0123456789ab");
        folder.writeSummary(RunClaimTests.completed("0123456789ab"));
        String before = Files.readString(folder.dir().resolve(RunFolder.SUMMARY));
        Files.createSymbolicLink(folder.dir().resolve(RunFolder.SUMMARY + ".tmp"), Path.of("/dev/full"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> folder.writeSummary(Summary.failed("full", "0123456789ab", null, 1L, "x", 0, null, null, null)));

        assertEquals("No space left on device", e.getCause().getMessage().replaceAll(".*: ", "").trim(), e.getMessage());
        assertEquals(List.of(RunFolder.SUMMARY), filesUnder(folder.dir()));
        assertEquals(before, Files.readString(folder.dir().resolve(RunFolder.SUMMARY)));
    }

    @Test
    void aSpecThatCannotBeWrittenLeavesNoTemporaryFile() throws Exception {
        RunFolder folder = RunFolder.of(dir, "full", "0123456789ab");
        Files.createDirectories(folder.dir());
        Files.createSymbolicLink(folder.dir().resolve(RunFolder.SPEC + ".tmp"), Path.of("/dev/full"));

        assertThrows(UncheckedIOException.class, () -> folder.writeSpec("name: full\n"));

        assertEquals(List.of(), filesUnder(folder.dir()));
    }

    @Test
    void aSweepTableThatCannotBeWrittenLeavesNoTemporaryFileAndTheOldTable() throws Exception {
        SweepFolder sweep = new SweepFolder(dir.resolve("full"));
        sweep.run("0123456789ab").writeSummary(RunClaimTests.completed("0123456789ab"));
        List<SweepFolder.Entry> runs = List.of(new SweepFolder.Entry(0, "a", "0123456789ab"));
        sweep.writeSummary(runs);
        String before = Files.readString(sweep.dir().resolve(SweepFolder.SUMMARY));
        Files.createSymbolicLink(sweep.tmpFile(SweepFolder.SUMMARY), Path.of("/dev/full"));

        assertThrows(UncheckedIOException.class, () -> sweep.writeSummary(runs));

        assertEquals(List.of("0123456789ab", "0123456789ab/summary.json", "summary.csv"), filesUnder(sweep.dir()));
        assertEquals(before, Files.readString(sweep.dir().resolve(SweepFolder.SUMMARY)));
    }

    @Test
    void aTemporaryFileLeftByAKilledWriterIsRemovedByTheNextWrite() throws Exception {
        SweepFolder sweep = new SweepFolder(dir.resolve("killed"));
        sweep.run("0123456789ab").writeSummary(RunClaimTests.completed("0123456789ab"));
        List<SweepFolder.Entry> runs = List.of(new SweepFolder.Entry(0, "a", "0123456789ab"));
        Path left = sweep.dir().resolve(SweepFolder.SUMMARY + ".4242.1.tmp");
        Files.writeString(left, "label,variant\n");
        Files.setLastModifiedTime(left, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
        Path fresh = sweep.dir().resolve(SweepFolder.SUMMARY + ".4343.1.tmp");
        Files.writeString(fresh, "label,variant\n");

        sweep.writeSummary(runs);

        assertEquals(List.of("0123456789ab", "0123456789ab/summary.json", "summary.csv", "summary.csv.4343.1.tmp"),
                filesUnder(sweep.dir()), "the old one removed; one being written now left alone");
    }
}
