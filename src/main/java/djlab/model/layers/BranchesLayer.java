package djlab.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code branches}: branches on the same input (each optionally cropped first) joined by concatenation, or each
 * ending in one of the data set's output heads. A branch may {@code share} an earlier one's layers: the same DJL
 * block instances applied twice, so the same weights. Built from DJL's {@link ParallelBlock}.
 */
public final class BranchesLayer extends LayerKind<LayerSpec.Branches> {

    /** The values of {@code join}. */
    static final List<String> JOINS = List.of("concat", "heads");

    BranchesLayer() {
        super("branches", LayerSpec.Branches.class);
    }

    @Override
    protected void check(LayerSpec.Branches b, String at, Checks checks) {
        checks.oneOf(at + ".join", b.join(), JOINS);
        if (b.branches() == null || b.branches().isEmpty()) {
            checks.fail(at + ".branches", "expected at least one branch, got nothing");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < b.branches().size(); i++) {
            LayerSpec.Branch branch = b.branches().get(i);
            String field = at + ".branches[" + i + "]";
            if (branch == null) checks.fail(field, "expected a branch ({name: ..., layers: [...]}), got nothing");
            if (branch.name() != null && !names.add(branch.name())) {
                checks.fail(field + ".name", "'" + branch.name() + "' names two branches");
            }
            if (branch.region() != null) checks.oneOf(field + ".region", branch.region(), CropLayer.REGIONS);
            if (branch.layers() != null && branch.share() != null) checks.fail(field, "give either layers or share, not both");
            if (branch.layers() == null && branch.share() == null) {
                checks.fail(field + ".layers", "required: the branch's layers (or share: the name of an earlier branch "
                        + "whose layers it applies), got nothing");
            }
            if (branch.share() != null && !names.contains(branch.share())) {
                checks.fail(field + ".share", "expected the name of an earlier branch, got '" + branch.share() + "'");
            }
            if (branch.layers() != null) checks.layers(field + ".layers", branch.layers());
        }
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

    /** Whether a branch starts with a crop of the input. */
    static boolean cropped(LayerSpec.Branch branch) {
        return branch.region() != null || branch.rows() != null || branch.cols() != null;
    }

    /** The output shapes of each branch for one example. */
    private static List<long[]> branchShapes(String file, Networks.Layer layer, LayerSpec.Branches b, long[] in) {
        String field = layer.field();
        if (b.branches() == null || b.branches().isEmpty()) {
            throw new BadInputException(file, field + ".branches", "expected at least one branch, got nothing");
        }
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < b.branches().size(); i++) {
            LayerSpec.Branch branch = b.branches().get(i);
            long[] shape = in;
            if (cropped(branch)) {
                shape = CropLayer.cropShape(CropLayer.bounds(file, field + ".branches[" + i + "]", branch.region(),
                        branch.rows(), branch.cols(), in), in);
            }
            int owner = owner(file, field, b, i);
            for (Networks.Layer inner : inner(field, owner, b.branches().get(owner))) {
                shape = LayerKinds.next(file, inner, shape);
            }
            shapes.add(shape);
        }
        return shapes;
    }

    /** The concatenation of the branches' outputs, or (heads) branches x outputs. */
    @Override
    protected long[] shape(LayerSpec.Branches b, Networks.Layer layer, long[] in, String file) {
        List<long[]> shapes = branchShapes(file, layer, b, in);
        long[] first = shapes.get(0);
        if (b.join().equals("heads")) {
            for (int i = 0; i < shapes.size(); i++) {
                if (shapes.get(i).length != 1 || shapes.get(i)[0] != first[0] || first.length != 1) {
                    throw new BadInputException(file, layer.field() + ".branches[" + i + "]", "each head must end flat "
                            + "with the same size, got " + Shapes.describe(shapes.get(i)));
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
                        + "only in features or channels: branch 0 gives " + Shapes.describe(first) + ", this one "
                        + Shapes.describe(s) + " (add flatten at the end of each branch to join flat features)");
            }
            out[0] += s[0];
        }
        return out;
    }

    /**
     * A branches layer that ends the network with {@code join: heads}, completed with each branch's output layer
     * (after a flatten where the branch ends on an image). Branches sharing layers share the output layer too.
     */
    public static Networks.Layer withOutputs(String file, Networks.Layer layer, long[] in, int classes, int heads) {
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

    @Override
    protected boolean outputs(LayerSpec.Branches b) {
        return b.join().equals("heads");
    }

    @Override
    protected List<LayerSpec> inner(LayerSpec.Branches b) {
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec.Branch branch : b.branches()) {
            if (branch.layers() != null) layers.addAll(branch.layers());
        }
        return layers;
    }

    /** Each branch's layers; a branch applying another's adds its values, not their parameters. */
    @Override
    protected Cost cost(LayerSpec.Branches b, Networks.Layer layer, long[] in, long[] out, Inner inner) {
        for (int i = 0; i < b.branches().size(); i++) {
            LayerSpec.Branch branch = b.branches().get(i);
            long[] shape = in;
            if (cropped(branch)) {
                shape = CropLayer.cropShape(CropLayer.bounds(null, layer.field(), branch.region(), branch.rows(),
                        branch.cols(), in), in);
            }
            int owner = owner(null, layer.field(), b, i);
            for (Networks.Layer each : inner(layer.field(), owner, b.branches().get(owner))) {
                shape = inner.count(each, shape, owner == i);
            }
        }
        return Cost.NONE;
    }

    /** A ParallelBlock of (crop, layers) per branch, shared layers reused. */
    @Override
    protected List<Block> blocks(LayerSpec.Branches b, Networks.Layer layer, long[] in) {
        needShape(layer, in);
        Map<Integer, Block> stacks = new HashMap<>();
        List<Block> branches = new ArrayList<>();
        for (int i = 0; i < b.branches().size(); i++) {
            LayerSpec.Branch branch = b.branches().get(i);
            long[] shape = in;
            SequentialBlock sequence = new SequentialBlock();
            if (cropped(branch)) {
                int[] bounds = CropLayer.bounds(null, layer.field(), branch.region(), branch.rows(), branch.cols(), in);
                sequence.add(CropLayer.crop(bounds));
                shape = CropLayer.cropShape(bounds, in);
            }
            int owner = owner(null, layer.field(), b, i);
            Block stack = stacks.get(owner);
            if (stack == null) {
                SequentialBlock own = new SequentialBlock();
                for (Networks.Layer inner : inner(layer.field(), owner, b.branches().get(owner))) {
                    own.add(LayerKinds.block(inner, shape));
                    shape = LayerKinds.next(null, inner, shape);
                }
                stack = own;
                stacks.put(owner, stack);
            }
            sequence.add(stack);
            branches.add(sequence);
        }
        boolean heads = b.join().equals("heads");
        return List.of(new ParallelBlock(outputs -> {
            NDList joined = new NDList(outputs.size());
            for (NDList output : outputs) joined.add(output.singletonOrThrow());
            if (heads) return joined;
            NDArray concatenated = NDArrays.concat(joined, 1);
            return new NDList(concatenated);
        }, branches));
    }

    @Override
    protected String describe(LayerSpec.Branches b) {
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
