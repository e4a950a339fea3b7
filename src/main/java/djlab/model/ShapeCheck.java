package djlab.model;

import ai.djl.ndarray.types.Shape;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import java.util.List;

/**
 * Follows the shape of one example through the layers and rejects a network that cannot be built, naming the
 * spec field of the layer at fault. Done by hand so the message says what went wrong in the user's terms, before
 * DJL would fail with an engine error.
 */
final class ShapeCheck {

    private ShapeCheck() {}

    /** The output shape of one example (no batch axis) after all layers. */
    static Shape outputOf(String file, List<Networks.Layer> layers, Shape input) {
        long[] shape = input.slice(1).getShape();
        for (Networks.Layer layer : layers) {
            shape = next(file, layer, shape);
        }
        return new Shape(prepend(shape));
    }

    private static long[] prepend(long[] shape) {
        long[] withBatch = new long[shape.length + 1];
        withBatch[0] = 1;
        System.arraycopy(shape, 0, withBatch, 1, shape.length);
        return withBatch;
    }

    /** The shape after one layer, for one example (no batch axis). */
    static long[] next(String file, Networks.Layer layer, long[] in) {
        LayerSpec spec = layer.spec();
        if (spec instanceof LayerSpec.Dense d) {
            if (in.length != 1) {
                throw new BadInputException(file, layer.field(), "a dense layer needs a flat input, got "
                        + describe(in) + "; add {type: flatten} before it");
            }
            return new long[] {d.units()};
        } else if (spec instanceof LayerSpec.Conv2d c) {
            image(file, layer, in, "conv2d");
            return new long[] {c.channels(), spatial(file, layer, in[1], c.kernel(), c.stride(), c.padding(), in),
                spatial(file, layer, in[2], c.kernel(), c.stride(), c.padding(), in)};
        } else if (spec instanceof LayerSpec.SeparableConv2d c) {
            image(file, layer, in, "separable_conv2d");
            return new long[] {c.channels(), spatial(file, layer, in[1], c.kernel(), c.stride(), c.padding(), in),
                spatial(file, layer, in[2], c.kernel(), c.stride(), c.padding(), in)};
        } else if (spec instanceof LayerSpec.GlobalAvgPool || spec instanceof LayerSpec.GlobalMaxPool) {
            image(file, layer, in, "global pooling");
            return new long[] {in[0]};
        } else if (spec instanceof LayerSpec.Residual r) {
            long[] out = in;
            for (Networks.Layer inner : Networks.inner(layer.field(), r)) out = next(file, inner, out);
            shortcutStride(file, layer, r, in, out);
            return out;
        } else if (spec instanceof LayerSpec.Crop c) {
            return Branching.cropShape(Branching.bounds(file, layer.field(), c.region(), c.rows(), c.cols(), in), in);
        } else if (spec instanceof LayerSpec.Branches b) {
            return Branching.next(file, layer, b, in);
        } else if (spec instanceof LayerSpec.SplitHeads h) {
            if (h.heads() == null || h.heads() < 1 || in.length != 1 || in[0] % h.heads() != 0) {
                throw new BadInputException(file, layer.field(), "split_heads needs flat features divisible by heads ("
                        + h.heads() + "), got " + describe(in));
            }
            return new long[] {h.heads(), in[0] / h.heads()};
        } else if (spec instanceof LayerSpec.MaxPool p) {
            return pooled(file, layer, in, p.kernel(), p.stride(), p.padding());
        } else if (spec instanceof LayerSpec.AvgPool p) {
            return pooled(file, layer, in, p.kernel(), p.stride(), p.padding());
        } else if (spec instanceof LayerSpec.Flatten) {
            long size = 1;
            for (long d : in) size *= d;
            return new long[] {size};
        }
        return in;
    }

    /**
     * How a residual's input reaches its output: 0 for the identity, else the stride of the 1x1 projection (1 when
     * only the channels or features differ). Rejects a branch whose output the input cannot be brought to.
     */
    static int shortcutStride(String file, Networks.Layer layer, LayerSpec.Residual r, long[] in, long[] out) {
        boolean same = java.util.Arrays.equals(in, out);
        if (same && !r.shortcut().equals("projection")) return 0;
        if (r.shortcut().equals("identity")) {
            throw new BadInputException(file, layer.field() + ".shortcut", "identity needs the branch to keep the shape "
                    + describe(in) + ", but it gives " + describe(out) + "; use auto or projection");
        }
        if (in.length != out.length) {
            throw new BadInputException(file, layer.field(), "the branch turns " + describe(in) + " into " + describe(out)
                    + "; a shortcut can change channels, features and image size, not flatten");
        }
        if (in.length == 1) return 1;
        for (int stride = 1; stride <= in[1]; stride++) {
            if ((in[1] - 1) / stride + 1 == out[1] && (in[2] - 1) / stride + 1 == out[2]) return stride;
        }
        throw new BadInputException(file, layer.field(), "no 1x1 strided projection turns the " + describe(in)
                + " input into the branch's " + describe(out) + " output");
    }

    private static long[] pooled(String file, Networks.Layer layer, long[] in, int kernel, int stride, int padding) {
        image(file, layer, in, "pooling");
        return new long[] {in[0], spatial(file, layer, in[1], kernel, stride, padding, in),
            spatial(file, layer, in[2], kernel, stride, padding, in)};
    }

    private static void image(String file, Networks.Layer layer, long[] in, String what) {
        if (in.length != 3) {
            throw new BadInputException(file, layer.field(), "a " + what + " layer needs an image input (channels x height x width), got "
                    + describe(in));
        }
    }

    private static long spatial(String file, Networks.Layer layer, long size, int kernel, int stride, int padding, long[] in) {
        long out = Math.floorDiv(size + 2L * padding - kernel, stride) + 1;
        if (out < 1) {
            throw new BadInputException(file, layer.field(), "kernel " + kernel + " with padding " + padding
                    + " does not fit the " + describe(in) + " input: the image would shrink below one pixel");
        }
        return out;
    }

    static String describe(long[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) s.append('x');
            s.append(shape[i]);
        }
        return shape.length == 1 ? s + " features" : s.toString();
    }
}
