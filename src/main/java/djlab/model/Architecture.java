package djlab.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** A built network's layers with their output shapes and trainable parameter counts, as {@code validate} prints. */
public record Architecture(Shape input, List<Row> rows, long parameters) {

    public record Row(String layer, Shape output, long parameters) {}

    /**
     * Initialises {@code block} on {@code manager} for one batch shape and reads off each layer: described from its
     * spec when {@code layers} lists them (a preset or {@code model.layers}), else by DJL's name for each child of a
     * sequential block, or as one row for any other block (a plug-in's).
     */
    public static Architecture of(Block block, List<Networks.Layer> layers, Shape input, NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, input);
        List<Row> rows = new ArrayList<>();
        if (!(block instanceof SequentialBlock)) {
            rows.add(new Row(name(block), block.getOutputShapes(new Shape[] {input})[0], trainable(block)));
            return new Architecture(input, rows, trainable(block));
        }
        Shape[] shapes = {input};
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            shapes = child.getValue().getOutputShapes(shapes);
            String layer = layers.isEmpty() ? name(child.getValue()) : Networks.describe(layers.get(i).spec());
            i++;
            rows.add(new Row(layer, shapes[0], trainable(child.getValue())));
        }
        return new Architecture(input, rows, trainable(block));
    }

    /** A block without a layer spec: its class, and its children's classes for a block made of others. */
    private static String name(Block block) {
        String name = block.getClass().getSimpleName();
        List<String> children = block.getChildren().values().stream().map(c -> c.getClass().getSimpleName()).toList();
        String inside = children.isEmpty() ? "" : " (" + String.join(", ", children) + ")";
        return (name + inside).length() > 60 ? name + " (" + children.size() + " blocks)" : name + inside;
    }

    /** Parameters updated by training; batch norm's running mean and variance are not counted (as in PyTorch). */
    public static long trainable(Block block) {
        long count = 0;
        // A block reused in two places (shared weights) lists its parameters twice: count each once.
        java.util.Set<Parameter> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (seen.add(p.getValue()) && p.getValue().requiresGradient() && p.getValue().isInitialized()) {
                count += p.getValue().getArray().size();
            }
        }
        return count;
    }

    /** The table printed by {@code djlab validate}. */
    public String format() {
        StringBuilder out = new StringBuilder();
        // The layer column as wide as its longest entry (residual blocks list their branch), at least 34.
        int width = Math.max(34, rows.stream().mapToInt(r -> r.layer().length()).max().orElse(0));
        String head = "  %-3s %-" + width + "s %-18s %12s%n";
        out.append(String.format(head, "#", "layer", "output", "parameters"));
        out.append(String.format(head, "", "input", shape(input), ""));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            out.append(String.format("  %-3d %-" + width + "s %-18s %,12d%n", i + 1, row.layer(), shape(row.output()),
                    row.parameters()));
        }
        out.append(String.format("  total trainable parameters: %,d%n", parameters));
        return out.toString();
    }

    private static String shape(Shape s) {
        return djlab.model.layers.Shapes.describe(s.slice(1).getShape());
    }
}
