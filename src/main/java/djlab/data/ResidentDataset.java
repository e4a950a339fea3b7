package djlab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A DJL {@link Dataset} over images already resident on the training device. Each pass over it (an epoch) is
 * reshuffled by the seed and the pass number, gathered once into one tensor, and cut into batches as slices:
 * no per-batch copy from Java memory, and the same seed gives the same batches in every run.
 */
public final class ResidentDataset implements Dataset {

    private final Splits.Images data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean noLoneRecord;
    private int pass;
    /** Batches the next pass leaves out at its start: a run continued from a mid-epoch checkpoint. */
    private int skip;

    public ResidentDataset(Splits.Images data, int batchSize, boolean shuffle, long seed) {
        this(data, batchSize, shuffle, seed, false);
    }

    /**
     * With {@code noLoneRecord}, a last batch of one record joins the batch before it: batch norm cannot train on
     * one record (one value per channel has no variance). Only then, so every other run keeps its batches.
     */
    public ResidentDataset(Splits.Images data, int batchSize, boolean shuffle, long seed, boolean noLoneRecord) {
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.noLoneRecord = noLoneRecord;
    }

    public int size() {
        return data.size();
    }

    /** Batches per pass; the last one may be smaller. */
    public int batches() {
        int batches = (size() + batchSize - 1) / batchSize;
        return loneLast() ? batches - 1 : batches;
    }

    private boolean loneLast() {
        return noLoneRecord && size() > batchSize && size() % batchSize == 1;
    }

    /** Passes begun so far: the position in the data order that a checkpoint records, with the batch. */
    public int passes() {
        return pass;
    }

    /**
     * Continues the data order where a checkpoint left it: the next pass is number {@code passNumber} (so it is
     * shuffled as it was) and starts at batch {@code batch}.
     */
    public void resumeAt(int passNumber, int batch) {
        this.pass = passNumber;
        this.skip = batch;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int thisPass = pass++;
        int first = skip;
        skip = 0;
        return () -> new Batches(manager, thisPass, first);
    }

    @Override
    public void prepare(Progress progress) {
        // Already resident.
    }

    private final class Batches implements Iterator<Batch> {
        private final NDManager passManager;
        private final NDArray images;
        private final NDArray labels;
        private int start;

        Batches(NDManager manager, int passNumber, int firstBatch) {
            passManager = manager.newSubManager();
            start = Math.min(size(), firstBatch * batchSize);
            if (shuffle) {
                int[] order = IntStream.range(0, size()).toArray();
                Splits.shuffle(order, new Random(seed * 1_000_003L + passNumber));
                NDArray index = passManager.create(order);
                images = data.images().get(index);
                labels = data.labels().get(index);
                images.attach(passManager);
                labels.attach(passManager);
            } else {
                images = data.images();
                labels = data.labels();
            }
        }

        @Override
        public boolean hasNext() {
            if (start < size()) return true;
            passManager.close();
            return false;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException();
            int end = Math.min(start + batchSize, size());
            if (loneLast() && end == size() - 1) end = size();
            NDManager batchManager = passManager.newSubManager();
            NDIndex slice = new NDIndex().addSliceDim(start, end);
            NDArray x = images.get(slice);
            NDArray y = labels.get(slice);
            x.attach(batchManager);
            y.attach(batchManager);
            Batch batch = new Batch(batchManager, new NDList(x), new NDList(y), end - start,
                    Batchifier.STACK, Batchifier.STACK, start / batchSize, batches());
            start = end;
            return batch;
        }
    }
}
