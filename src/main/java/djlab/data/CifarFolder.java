package djlab.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.SimpleRepository;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * CIFAR-10 from a local folder in its standard binary form, read by DJL's {@link Cifar10}. DJL's data set expects
 * its own artifact, {@code data_batch.bin} (the five training batches in one file) and {@code test_batch.bin}; this
 * {@link SimpleRepository} presents the standard files as that artifact, the five batches read one after another,
 * so nothing is copied or downloaded. A folder holding DJL's {@code data_batch.bin} works too.
 *
 * <p>Each record is one label byte and 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue, row by row).
 */
public final class CifarFolder extends SimpleRepository {

    static final List<String> TRAIN = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST = "test_batch.bin";
    static final String JOINED = "data_batch.bin";
    static final String FILES = "data_batch_1.bin .. data_batch_5.bin and test_batch.bin";
    static final int RECORD = 1 + 3 * 32 * 32;

    private final Path folder;

    CifarFolder(Path folder) {
        super("cifar10", folder.toUri(), folder);
        this.folder = folder;
    }

    /** The folder holding the binary files: {@code folder} itself or its {@code cifar-10-batches-bin/}; else null. */
    static Path holding(Path folder) {
        for (Path candidate : List.of(folder, folder.resolve("cifar-10-batches-bin"))) {
            if (Files.isRegularFile(candidate.resolve(TEST)) && !trainFiles(candidate).isEmpty()) return candidate;
        }
        return null;
    }

    private static List<Path> trainFiles(Path folder) {
        if (Files.isRegularFile(folder.resolve(JOINED))) return List.of(folder.resolve(JOINED));
        List<Path> files = new ArrayList<>();
        for (String name : TRAIN) {
            if (!Files.isRegularFile(folder.resolve(name))) return List.of();
            files.add(folder.resolve(name));
        }
        return files;
    }

    @Override
    public Artifact resolve(MRL mrl, Map<String, String> filter) {
        Artifact artifact = new Artifact();
        artifact.setName("cifar10");
        Map<String, Artifact.Item> items = new java.util.HashMap<>();
        for (String name : List.of(JOINED, TEST)) {
            Artifact.Item item = new Artifact.Item();
            item.setName(name);
            item.setArtifact(artifact);
            items.put(name, item);
        }
        artifact.setFiles(items);
        return artifact;
    }

    @Override
    public void prepare(Artifact artifact, Progress progress) {
        // Local files: nothing to fetch.
    }

    @Override
    public InputStream openStream(Artifact.Item item, String path) throws IOException {
        List<Path> files = item.getName().equals(TEST) ? List.of(folder.resolve(TEST)) : trainFiles(folder);
        for (Path file : files) {
            if (Files.size(file) % RECORD != 0) {
                throw new DataException(file + ": truncated: " + Files.size(file) + " bytes is not a whole number of "
                        + RECORD + "-byte CIFAR-10 records");
            }
        }
        List<InputStream> streams = new ArrayList<>();
        for (Path file : files) streams.add(Files.newInputStream(file));
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** The training or test records (the first {@code limit}, or all when null) as bytes. */
    static RawImages read(Path folder, Dataset.Usage usage, Integer limit, NDManager manager) {
        try (NDManager scratch = manager == null ? NDManager.newBaseManager() : manager.newSubManager()) {
            Cifar10.Builder builder = Cifar10.builder().optUsage(usage).optManager(scratch)
                    .optRepository(new CifarFolder(folder)).setSampling(60_000, false);
            if (limit != null) builder.optLimit(limit);
            Cifar10 dataset = builder.build();
            dataset.prepare();
            Batch all = dataset.getData(scratch).iterator().next();
            NDArray images = all.getData().head().mul(255).round().toType(DataType.UINT8, false);
            NDArray labels = all.getLabels().head().toType(DataType.UINT8, false);
            int n = (int) labels.size();
            RawImages raw = new RawImages(n, DataSetKind.CIFAR10.imageShape(), images.toByteArray(), labels.toByteArray());
            for (byte label : raw.labels()) {
                if ((label & 0xff) >= 10) throw new DataException(folder + ": expected labels 0..9, found " + (label & 0xff));
            }
            all.close();
            return raw;
        } catch (IOException | TranslateException e) {
            throw new DataException(folder + ": cannot read CIFAR-10 (" + e.getMessage() + ")");
        }
    }
}
