package djlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pieces for networks that are not a single chain: {@code crop} (a region of the image), {@code branches}
 * (parallel branches on the same input, each possibly cropped, joined by concatenation or each ending in one output
 * head) with weight sharing between branches (the same DJL block instances applied twice), and {@code split_heads}
 * (one flat output cut into one output per head). Built from DJL's {@link ParallelBlock}, {@link SequentialBlock}
 * and {@link LambdaBlock}.
 */
final class Branching {

    private Branching() {}

    /** Rows and columns {@code [r0, r1), [c0, c1)} of a crop of an image {@code in} (channels, height, width). */
    static int[] bounds(String file, String field, String region, List<Integer> rows, List<Integer> cols, long[] in) {
        if (in.length != 3) {
            throw new BadInputException(file, field, "a crop needs an image input (channels x height x width), got "
                    + ShapeCheck.describe(in));
        }
        int h = (int) in[1];
        int w = (int) in[2];
        if (region != null) {
            if (rows != null || cols != null) {
                throw new BadInputException(file, field, "give either a named region or rows/cols, not both");
            }
            return switch (region) {
                case "top" -> square(file, field, region, h >= w, new int[] {0, w, 0, w}, in);
                case "bottom" -> square(file, field, region, h >= w, new int[] {h - w, h, 0, w}, in);
                case "left" -> square(file, field, region, w >= h, new int[] {0, h, 0, h}, in);
                case "right" -> square(file, field, region, w >= h, new int[] {0, h, w - h, w}, in);
                case "all" -> new int[] {0, h, 0, w};
                default -> throw new BadInputException(file, field + ".region", "expected one of top, bottom, left, right, "
                        + "all, got '" + region + "'");
            };
        }
        int[] r = slice(file, field + ".rows", rows, h);
        int[] c = slice(file, field + ".cols", cols, w);
        return new int[] {r[0], r[1], c[0], c[1]};
    }

    private static int[] square(String file, String field, String region, boolean fits, int[] bounds, long[] in) {
        if (!fits) {
            throw new BadInputException(file, field + ".region", "'" + region + "' is the square at that end of the image, "
                    + "which needs a " + (region.equals("top") || region.equals("bottom") ? "tall" : "wide")
                    + " image; got " + ShapeCheck.describe(in));
        }
        return bounds;
    }

    private static int[] slice(String file, String field, List<Integer> range, int size) {
        if (range == null) return new int[] {0, size};
        if (range.size() != 2 || range.get(0) == null || range.get(1) == null) {
            throw new BadInputException(file, field, "expected [from, to), got " + range);
        }
        int from = range.get(0) < 0 ? size + range.get(0) : range.get(0);
        int to = range.get(1) < 0 ? size + range.get(1) : range.get(1);
        if (from < 0 || to > size || from >= to) {
            throw new BadInputException(file, field, "expected 0 <= from < to <= " + size + " (the input's size), got "
                    + range);
        }
        return new int[] {from, to};
    }

    static long[] cropShape(int[] b, long[] in) {
        return new long[] {in[0], b[1] - b[0], b[3] - b[2]};
    }

    static Block crop(int[] b) {
        NDIndex index = new NDIndex().addAllDim().addAllDim().addSliceDim(b[0], b[1]).addSliceDim(b[2], b[3]);
        return new LambdaBlock(x -> new NDList(x.singletonOrThrow().get(index)), "crop");
    }

    /** One flat output (batch x heads * n) cut into {@code heads} outputs of n. */
    static Block splitHeads(int heads) {
        return new LambdaBlock(x -> x.singletonOrThrow().split(heads, 1), "split_heads");
    }

    /** A branch's layers, each named by its place under the branches layer's field. */
    static List<Networks.Layer> inner(String field, int index, LayerSpec.Branch branch) {
        List<Networks.Layer> layers = new ArrayList<>();
        for (int j = 0; j < branch.layers().size(); j++) {
            layers.add(new Networks.Layer(field + ".branches[" + index + "].layers[" + j + "]", branch.layers().get(j)));
        }
        return layers;
    }

    /** The branch whose layers branch {@code i} applies: itself, or the one it shares. */
    static int owner(String file, String field, LayerSpec.Branches b, int i) {
        LayerSpec.Branch branch = b.branches().get(i);
        if (branch.share() == null) {
            if (branch.layers() == null || branch.layers().isEmpty()) {
                throw new BadInputException(file, field + ".branches[" + i + "].layers", "required: the branch's layers "
                        + "(or share: the name of an earlier branch whose layers it applies), got nothing");
            }
            return i;
        }
        if (branch.layers() != null) {
            throw new BadInputException(file, field + ".branches[" + i + "]", "give either layers or share, not both");
        }
        for (int j = 0; j < i; j++) {
            if (branch.share().equals(b.branches().get(j).name())) return owner(file, field, b, j);
        }
        throw new BadInputException(file, field + ".branches[" + i + "].share", "expected the name of an earlier branch, "
                + "got '" + branch.share() + "'");
    }

    /** The output shapes of each branch for one example. */
    static List<long[]> branchShapes(String file, Networks.Layer layer, LayerSpec.Branches b, long[] in) {
        String field = layer.field();
        if (b.branches() == null || b.branches().isEmpty()) {
            throw new BadInputException(file, field + ".branches", "expected at least one branch, got nothing");
        }
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < b.branches().size(); i++) {
            LayerSpec.Branch branch = b.branches().get(i);
            long[] shape = in;
            if (branch.region() != null || branch.rows() != null || branch.cols() != null) {
                shape = cropShape(bounds(file, field + ".branches[" + i + "]", branch.region(), branch.rows(),
                        branch.cols(), in), in);
            }
            int owner = owner(file, field, b, i);
            for (Networks.Layer inner : inner(field, owner, b.branches().get(owner))) {
                shape = ShapeCheck.next(file, inner, shape);
            }
            shapes.add(shape);
        }
        return shapes;
    }

    /** The shape after a branches layer: the concatenation, or (heads) branches x outputs. */
    static long[] next(String file, Networks.Layer layer, LayerSpec.Branches b, long[] in) {
        List<long[]> shapes = branchShapes(file, layer, b, in);
        long[] first = shapes.get(0);
        if (b.join().equals("heads")) {
            for (int i = 0; i < shapes.size(); i++) {
                if (shapes.get(i).length != 1 || shapes.get(i)[0] != first[0] || first.length != 1) {
                    throw new BadInputException(file, layer.field() + ".branches[" + i + "]", "each head must end flat "
                            + "with the same size, got " + ShapeCheck.describe(shapes.get(i)));
                }
            }
            return new long[] {shapes.size(), first[0]};
        }
        long[] out = first.clone();
        for (int i = 1; i < shapes.size(); i++) {
            long[] s = shapes.get(i);
            boolean fits = s.length == first.length;
            for (int d = 1; fits && d < s.length; d++) fits = s[d] == first[d];
            if (!fits) {
                throw new BadInputException(file, layer.field() + ".branches[" + i + "]", "concat needs outputs that differ "
                        + "only in features or channels: branch 0 gives " + ShapeCheck.describe(first) + ", this one "
                        + ShapeCheck.describe(s) + " (add flatten at the end of each branch to join flat features)");
            }
            out[0] += s[0];
        }
        return out;
    }

    /**
     * A branches layer that ends the network with {@code join: heads}, completed with each branch's output layer
     * (after a flatten where the branch ends on an image). Branches sharing layers share the output layer too.
     */
    static Networks.Layer withOutputs(String file, Networks.Layer layer, long[] in, int classes, int heads) {
        LayerSpec.Branches b = (LayerSpec.Branches) layer.spec();
        if (b.branches() != null && b.branches().size() != heads) {
            throw new BadInputException(file, layer.field() + ".join", "heads needs one branch per output head of the "
                    + "data set (" + heads + "), got " + b.branches().size() + " branches");
        }
        List<long[]> shapes = branchShapes(file, layer, b, in);
        List<LayerSpec.Branch> completed = new ArrayList<>();
        for (int i = 0; i < b.branches().size(); i++) {
            LayerSpec.Branch branch = b.branches().get(i);
            if (branch.share() != null) {
                completed.add(branch);
                continue;
            }
            List<LayerSpec> layers = new ArrayList<>(branch.layers());
            if (shapes.get(i).length > 1) layers.add(new LayerSpec.Flatten());
            layers.add(new LayerSpec.Dense(classes, null));
            completed.add(new LayerSpec.Branch(branch.name(), branch.region(), branch.rows(), branch.cols(), layers, null));
        }
        return new Networks.Layer(layer.field() + " (with " + heads + " output layers, " + classes + " classes each)",
                new LayerSpec.Branches(completed, b.join()), layer.input());
    }

    /** The DJL block of a branches layer: a ParallelBlock of (crop, layers) per branch, shared layers reused. */
    static Block block(Networks.Layer layer, LayerSpec.Branches b, long[] in) {
        Map<Integer, Block> stacks = new HashMap<>();
        List<Block> branches = new ArrayList<>();
        for (int i = 0; i < b.branches().size(); i++) {
            LayerSpec.Branch branch = b.branches().get(i);
            long[] shape = in;
            SequentialBlock sequence = new SequentialBlock();
            if (branch.region() != null || branch.rows() != null || branch.cols() != null) {
                int[] bounds = bounds(null, layer.field(), branch.region(), branch.rows(), branch.cols(), in);
                sequence.add(crop(bounds));
                shape = cropShape(bounds, in);
            }
            int owner = owner(null, layer.field(), b, i);
            Block stack = stacks.get(owner);
            if (stack == null) {
                SequentialBlock own = new SequentialBlock();
                for (Networks.Layer inner : inner(layer.field(), owner, b.branches().get(owner))) {
                    own.add(Networks.blockOf(inner, shape));
                    shape = ShapeCheck.next(null, inner, shape);
                }
                stack = own;
                stacks.put(owner, stack);
            }
            sequence.add(stack);
            branches.add(sequence);
        }
        boolean heads = b.join().equals("heads");
        return new ParallelBlock(outputs -> {
            NDList joined = new NDList(outputs.size());
            for (NDList output : outputs) joined.add(output.singletonOrThrow());
            if (heads) return joined;
            NDArray concatenated = NDArrays.concat(joined, 1);
            return new NDList(concatenated);
        }, branches);
    }

    static String describe(LayerSpec.Branches b) {
        List<String> parts = new ArrayList<>();
        for (LayerSpec.Branch branch : b.branches()) {
            String crop = branch.region() != null ? branch.region()
                    : branch.rows() != null || branch.cols() != null ? "rows " + branch.rows() + " cols " + branch.cols()
                    : "all";
            String name = branch.name() == null ? "" : branch.name() + ": ";
            parts.add(name + crop + (branch.share() != null ? " shares " + branch.share()
                    : " " + branch.layers().size() + " layers"));
        }
        return "branches (" + b.join() + ") [" + String.join("; ", parts) + "]";
    }
}
