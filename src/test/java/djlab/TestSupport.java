package djlab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import djlab.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine;

/** Shared helpers: where the real MNIST files are, writing spec files, reading result files, running the CLI. */
public final class TestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSupport() {}

    // ---- data ------------------------------------------------------------------------------------------------------

    /**
     * The data root holding {@code mnist/}: {@code $DJLAB_DATA_DIR} when set, else {@code ../shared/data} relative to
     * the project root (the working directory of the tests).
     */
    public static Path dataRoot() {
        String env = System.getenv("DJLAB_DATA_DIR");
        Path root = (env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "data"))
                .toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(root.resolve("mnist")),
                () -> "the tests need the real MNIST files in " + root.resolve("mnist")
                        + " (set DJLAB_DATA_DIR to a folder holding mnist/)");
        return root;
    }

    /** The folder holding the four MNIST IDX .gz files. */
    public static Path mnistDir() {
        return dataRoot().resolve("mnist");
    }

    // ---- files -----------------------------------------------------------------------------------------------------

    /** A spec bound from YAML text as if read from {@code test.yaml}, named {@code test} unless the text names it. */
    public static djlab.spec.ExperimentSpec spec(String yaml) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode tree =
                    (com.fasterxml.jackson.databind.node.ObjectNode) djlab.spec.SpecFiles.yaml().readTree(yaml);
            if (!tree.has("name")) tree.put("name", "test");
            return djlab.spec.SpecFiles.bind("test.yaml", tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Writes {@code text} to {@code dir/name} (creating folders) and returns the file. */
    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under {@code dir}, relative to it; empty if {@code dir} does not exist. */
    public static List<String> filesUnder(Path dir) {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only run folder {@code <results>/<name>/<run-id>} under a results root. */
    public static Path onlyRunDir(Path results, String name) {
        try (Stream<Path> dirs = Files.list(results.resolve(name))) {
            List<Path> all = dirs.filter(Files::isDirectory).toList();
            assertTrue(all.size() == 1, () -> "expected one run folder under " + results.resolve(name) + ", got " + all);
            return all.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV file: its header and rows (each row a list of cells, as text). */
    public record Csv(List<String> header, List<List<String>> rows) {

        public List<String> column(String name) {
            int index = header.indexOf(name);
            assertTrue(index >= 0, () -> "no column " + name + " in " + header);
            return rows.stream().map(row -> row.get(index)).toList();
        }

        public List<Double> numbers(String name) {
            return column(name).stream().map(Double::parseDouble).toList();
        }
    }

    public static Csv readCsv(Path file) {
        try (Reader in = Files.newBufferedReader(file);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
            return new Csv(parser.getHeaderNames(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- command line ----------------------------------------------------------------------------------------------

    /** What a command printed and returned. {@code out} and {@code err} hold picocli's and the command's own prints. */
    public record CliResult(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code djlab args...} in this JVM, capturing what it prints: every command writes through picocli's
     * writers, so no System.out or System.err is swapped.
     */
    /**
     * {@link #djlab} for a command with {@code --parallel}: it shares the cores by setting PyTorch's thread property
     * for this JVM, which is put back afterwards so that later tests see the one they started with.
     */
    public static CliResult djlabKeepingThreads(String... args) {
        String before = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            return djlab(args);
        } finally {
            if (before == null) System.clearProperty("ai.djl.pytorch.num_threads");
            else System.setProperty("ai.djl.pytorch.num_threads", before);
        }
    }

    public static synchronized CliResult djlab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliResult(exit, out.toString(), err.toString());
    }

    /** Arguments {@code --results RESULTS --data-dir <data root>} followed by {@code more}. */
    public static String[] withLocations(Path results, String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("--results", results.toString(), "--data-dir", dataRoot().toString()));
        return args.toArray(String[]::new);
    }

    /**
     * Starts DJLab's command line in a child JVM on this test's class path, offline, both output streams to
     * {@code log}: for tests that kill, suspend or race a real process.
     */
    public static Process startDjlab(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "djlab.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
