package djlab.model;

import djlab.model.layers.LayerKind;
import djlab.model.layers.LayerKinds;
import djlab.model.layers.Shapes;
import djlab.spec.OptimizerSpec;
import djlab.spec.BadInputException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a network costs, worked out from the checked layers' shapes alone (nothing is allocated): its trainable
 * parameters and the values one example leaves behind in the forward pass. Planning a run refuses a network and
 * batch that cannot fit in memory from this estimate, before the engine would try to allocate them.
 *
 * @param rows each layer with its output shape and parameters, as {@code validate} prints them
 * @param parameters trainable parameters (batch norm's running mean and variance are not counted, as in PyTorch)
 * @param activations values computed per example in one forward pass, every layer's output summed
 */
public record Footprint(List<Row> rows, long parameters, long activations) {

    public record Row(String layer, long[] output, long parameters) {}

    private static final long BYTES = Float.BYTES;

    public static Footprint of(List<Networks.Layer> layers) {
        Tally tally = new Tally();
        List<Row> rows = new ArrayList<>();
        for (Networks.Layer layer : layers) {
            long before = tally.parameters;
            long[] out = tally.layer(layer, layer.input());
            rows.add(new Row(Networks.describe(layer.spec()), out, tally.parameters - before));
        }
        return new Footprint(rows, tally.parameters, tally.activations);
    }

    /**
     * Bytes a training step needs: each parameter with its gradient and the optimizer's state for it, and each
     * activation of the batch with its gradient. The engine's workspace comes on top, so this is a floor.
     */
    public long trainingBytes(int batch, OptimizerSpec optimizer) {
        return parameterBytes(optimizer) + activationBytes(batch);
    }

    public long parameterBytes(OptimizerSpec optimizer) {
        return saturating(parameters, BYTES * (2 + stateSlots(optimizer)));
    }

    public long activationBytes(int batch) {
        return saturating(saturating(activations, batch), 2 * BYTES);
    }

    /** Values the optimizer keeps per parameter (momentum, moment estimates): its kind's count. */
    static int stateSlots(OptimizerSpec optimizer) {
        return djlab.optim.OptimizerKind.stateSlotsOf(optimizer);
    }

    /**
     * Refuses a run whose estimate exceeds the memory the machine has available now, naming the batch size when the
     * batch's activations are most of it and the model otherwise.
     */
    public void check(String file, int batch, OptimizerSpec optimizer, long available) {
        long needed = trainingBytes(batch, optimizer);
        if (needed <= available) return;
        boolean batchHeavy = activationBytes(batch) > parameterBytes(optimizer);
        throw new BadInputException(file, batchHeavy ? "train.batch_size" : "model", "expected a network and batch that "
                + "fit in the " + size(available) + " of memory available, got an estimated " + size(needed) + ": "
                + String.format(Locale.ROOT, "%,d", parameters) + " parameters (" + size(parameterBytes(optimizer))
                + " with gradients and optimizer state) and " + size(activationBytes(batch)) + " of activations for a "
                + "batch of " + batch);
    }

    /** Memory available to a new process now: the kernel's MemAvailable, else the JVM's view of free memory. */
    public static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: ask the JVM.
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }

    /** The layer table as {@code validate} prints it, with the parameters counted rather than built. */
    public String format(long[] input) {
        List<Architecture.Row> table = new ArrayList<>();
        for (Row row : rows) table.add(new Architecture.Row(row.layer(), shape(row.output()), row.parameters()));
        return new Architecture(shape(input), table, parameters).format();
    }

    private static ai.djl.ndarray.types.Shape shape(long[] oneExample) {
        long[] withBatch = new long[oneExample.length + 1];
        withBatch[0] = 1;
        System.arraycopy(oneExample, 0, withBatch, 1, oneExample.length);
        return new ai.djl.ndarray.types.Shape(withBatch);
    }

    public static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) return "more than 8 EiB";
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }

    private static long saturating(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long product(long[] shape) {
        return Shapes.size(shape);
    }

    /**
     * Counts as it follows the layers, each kind adding its own cost ({@link LayerKinds#cost}); the shapes were
     * checked when the layers were built.
     */
    private static final class Tally implements LayerKind.Inner {
        long parameters;
        long activations;

        private void add(long params, long values) {
            parameters = Math.addExact(parameters, params);
            activations = Math.addExact(activations, values);
        }

        long[] layer(Networks.Layer layer, long[] in) {
            long[] out = LayerKinds.next(null, layer, in);
            LayerKind.Cost cost = LayerKinds.cost(layer, in, out, this);
            add(cost.parameters(), product(out) + cost.values());
            return out;
        }

        @Override
        public long[] count(Networks.Layer layer, long[] in, boolean ownParameters) {
            long shared = parameters;
            long[] out = layer(layer, in);
            if (!ownParameters) parameters = shared;
            return out;
        }
    }
}
