package djlab.model.layers;

import ai.djl.nn.Block;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import java.util.List;

/** {@code conv2d}: a 2-D convolution on an image, optionally followed by its activation. */
final class Conv2dLayer extends LayerKind<LayerSpec.Conv2d> {

    Conv2dLayer() {
        super("conv2d", LayerSpec.Conv2d.class);
    }

    @Override
    protected void check(LayerSpec.Conv2d c, String at, Checks checks) {
        window(at, c.channels(), c.kernel(), c.stride(), c.padding(), c.activation(), checks);
    }

    /** The checks of a convolution's fields, shared with {@code separable_conv2d}. */
    static void window(String at, Integer channels, int kernel, int stride, int padding, String activation,
            Checks checks) {
        checks.required(at + ".channels", channels);
        checks.atLeast(at + ".channels", channels, 1);
        checks.atLeast(at + ".kernel", kernel, 1);
        checks.atLeast(at + ".stride", stride, 1);
        checks.atLeast(at + ".padding", padding, 0);
        if (activation != null) checks.activation(at + ".activation", activation);
    }

    @Override
    protected long[] shape(LayerSpec.Conv2d c, Networks.Layer layer, long[] in, String file) {
        Shapes.image(file, layer, in, "conv2d");
        return Shapes.windowed(file, layer, in, c.channels(), c.kernel(), c.stride(), c.padding());
    }

    @Override
    protected Cost cost(LayerSpec.Conv2d c, Networks.Layer layer, long[] in, long[] out, Inner inner) {
        return new Cost(in[0] * c.channels() * c.kernel() * c.kernel() + (c.bias() == null || c.bias() ? c.channels() : 0), 0);
    }

    @Override
    protected List<Block> blocks(LayerSpec.Conv2d c, Networks.Layer layer, long[] in) {
        return LayerKinds.withActivation(Shapes.conv(c.channels(), c.kernel(), c.stride(), c.padding(), 1, c.bias()),
                c.activation());
    }

    @Override
    protected String describe(LayerSpec.Conv2d c) {
        return "conv2d " + c.channels() + "@" + c.kernel() + "x" + c.kernel() + " stride " + c.stride()
                + " pad " + c.padding() + Shapes.noBias(c.bias()) + Shapes.suffix(c.activation());
    }

    /** {@code conv 64@3x3/2 + relu}. */
    @Override
    protected String brief(LayerSpec.Conv2d c) {
        return "conv " + c.channels() + "@" + c.kernel() + "x" + c.kernel() + (c.stride() > 1 ? "/" + c.stride() : "")
                + Shapes.suffix(c.activation());
    }
}
