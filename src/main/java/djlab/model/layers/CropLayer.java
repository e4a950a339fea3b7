package djlab.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.List;

/**
 * {@code crop}: keeps a region of the image, a named one or rows and columns as Python slices. The bounds are shared
 * with the branches of {@link BranchesLayer}, which may each start with a crop.
 */
final class CropLayer extends LayerKind<LayerSpec.Crop> {

    /** The named regions. */
    static final List<String> REGIONS = List.of("top", "bottom", "left", "right", "all");

    CropLayer() {
        super("crop", LayerSpec.Crop.class);
    }

    @Override
    protected void check(LayerSpec.Crop c, String at, Checks checks) {
        if (c.region() == null && c.rows() == null && c.cols() == null) {
            checks.fail(at, "expected a region (" + String.join(", ", REGIONS) + ") or rows and/or cols [from, to), got nothing");
        }
        if (c.region() != null) checks.oneOf(at + ".region", c.region(), REGIONS);
    }

    @Override
    protected long[] shape(LayerSpec.Crop c, Networks.Layer layer, long[] in, String file) {
        return cropShape(bounds(file, layer.field(), c.region(), c.rows(), c.cols(), in), in);
    }

    @Override
    protected List<Block> blocks(LayerSpec.Crop c, Networks.Layer layer, long[] in) {
        return List.of(crop(bounds(null, layer.field(), c.region(), c.rows(), c.cols(), needShape(layer, in))));
    }

    @Override
    protected String describe(LayerSpec.Crop c) {
        return "crop " + (c.region() != null ? c.region() : "rows " + c.rows() + " cols " + c.cols());
    }

    /** Rows and columns {@code [r0, r1), [c0, c1)} of a crop of an image {@code in} (channels, height, width). */
    static int[] bounds(String file, String field, String region, List<Integer> rows, List<Integer> cols,
            long[] in) {
        if (in.length != 3) {
            throw new BadInputException(file, field, "a crop needs an image input (channels x height x width), got "
                    + Shapes.describe(in));
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
                default -> throw new BadInputException(file, field + ".region", "expected one of "
                        + String.join(", ", REGIONS) + ", got '" + region + "'");
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
                    + " image; got " + Shapes.describe(in));
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

    /** The shape of an image {@code in} cropped to {@code bounds}. */
    static long[] cropShape(int[] bounds, long[] in) {
        return new long[] {in[0], bounds[1] - bounds[0], bounds[3] - bounds[2]};
    }

    static Block crop(int[] b) {
        NDIndex index = new NDIndex().addAllDim().addAllDim().addSliceDim(b[0], b[1]).addSliceDim(b[2], b[3]);
        return new LambdaBlock(x -> new NDList(x.singletonOrThrow().get(index)), "crop");
    }
}
