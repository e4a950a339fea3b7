package djlab.model.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import djlab.model.Networks;
import djlab.spec.BadInputException;

/** What several layer kinds' shape rules and blocks share: image inputs, sliding windows, square kernels. */
public final class Shapes {

    private Shapes() {}

    /** A shape of one example for messages: {@code 1x28x28}, or {@code 784 features} when flat. */
    public static String describe(long[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) s.append('x');
            s.append(shape[i]);
        }
        return shape.length == 1 ? s + " features" : s.toString();
    }

    /** The values in a shape; {@code Long.MAX_VALUE} when they overflow a long. */
    public static long size(long[] shape) {
        long size = 1;
        for (long d : shape) {
            try {
                size = Math.multiplyExact(size, d);
            } catch (ArithmeticException e) {
                size = Long.MAX_VALUE;
            }
        }
        return size;
    }

    /** Rejects an input that is not an image (channels x height x width), naming the layer as {@code what}. */
    static void image(String file, Networks.Layer layer, long[] in, String what) {
        if (in.length != 3) {
            throw new BadInputException(file, layer.field(), "a " + what + " layer needs an image input (channels x height x width), got "
                    + describe(in));
        }
    }

    /** The output size of a sliding window along one side, rejecting a window that leaves no pixel. */
    static long spatial(String file, Networks.Layer layer, long size, int kernel, int stride, int padding, long[] in) {
        long out = Math.floorDiv(size + 2L * padding - kernel, stride) + 1;
        if (out < 1) {
            throw new BadInputException(file, layer.field(), "kernel " + kernel + " with padding " + padding
                    + " does not fit the " + describe(in) + " input: the image would shrink below one pixel");
        }
        return out;
    }

    /** An image after a window of {@code kernel}, {@code stride} and {@code padding}, to {@code channels}. */
    static long[] windowed(String file, Networks.Layer layer, long[] in, long channels, int kernel, int stride,
            int padding) {
        return new long[] {channels, spatial(file, layer, in[1], kernel, stride, padding, in),
            spatial(file, layer, in[2], kernel, stride, padding, in)};
    }

    static Shape square(int size) {
        return new Shape(size, size);
    }

    /** A 2-D convolution; {@code groups} equal to the channels makes it depthwise. */
    static Block conv(int channels, int kernel, int stride, int padding, int groups, Boolean bias) {
        return Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(square(kernel))
                .optStride(square(stride))
                .optPadding(square(padding))
                .optGroups(groups)
                .optBias(bias == null || bias)
                .build();
    }

    static String noBias(Boolean bias) {
        return Boolean.FALSE.equals(bias) ? " no bias" : "";
    }

    /** {@code " + relu"} for a layer followed by its activation, else nothing. */
    static String suffix(String activation) {
        return activation == null ? "" : " + " + activation;
    }
}
