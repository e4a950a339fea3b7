package djlab.model.layers;

import djlab.model.Networks;
import djlab.spec.Checks;

/** What {@code maxpool} and {@code avgpool} share: their fields' checks and their shape rule. */
final class PoolLayers {

    private PoolLayers() {}

    static void check(String at, int kernel, int stride, int padding, Checks checks) {
        checks.atLeast(at + ".kernel", kernel, 1);
        checks.atLeast(at + ".stride", stride, 1);
        checks.atLeast(at + ".padding", padding, 0);
        if (padding * 2 > kernel) {
            checks.fail(at + ".padding", "expected at most half the kernel (" + kernel / 2 + "), got " + padding);
        }
    }

    static long[] shape(String file, Networks.Layer layer, long[] in, int kernel, int stride, int padding) {
        Shapes.image(file, layer, in, "pooling");
        return Shapes.windowed(file, layer, in, in[0], kernel, stride, padding);
    }

    static String describe(String name, int kernel, int stride, int padding) {
        return name + " " + kernel + "x" + kernel + " stride " + stride + " pad " + padding;
    }
}
