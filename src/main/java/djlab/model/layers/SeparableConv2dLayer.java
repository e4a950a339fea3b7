package djlab.model.layers;

import ai.djl.nn.Block;
import djlab.model.Networks;
import djlab.spec.Checks;
import djlab.spec.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/** {@code separable_conv2d}: a depthwise convolution per input channel, then a pointwise 1x1 one (MobileNet). */
final class SeparableConv2dLayer extends LayerKind<LayerSpec.SeparableConv2d> {

    SeparableConv2dLayer() {
        super("separable_conv2d", LayerSpec.SeparableConv2d.class);
    }

    @Override
    protected void check(LayerSpec.SeparableConv2d c, String at, Checks checks) {
        Conv2dLayer.window(at, c.channels(), c.kernel(), c.stride(), c.padding(), c.activation(), checks);
    }

    @Override
    protected long[] shape(LayerSpec.SeparableConv2d c, Networks.Layer layer, long[] in, String file) {
        Shapes.image(file, layer, in, "separable_conv2d");
        return Shapes.windowed(file, layer, in, c.channels(), c.kernel(), c.stride(), c.padding());
    }

    /** Depthwise (no bias), then pointwise: the depthwise output is kept too. */
    @Override
    protected Cost cost(LayerSpec.SeparableConv2d c, Networks.Layer layer, long[] in, long[] out, Inner inner) {
        return new Cost(in[0] * c.kernel() * c.kernel() + in[0] * c.channels() + (c.bias() == null || c.bias() ? c.channels() : 0),
                in[0] * out[1] * out[2]);
    }

    @Override
    protected List<Block> blocks(LayerSpec.SeparableConv2d c, Networks.Layer layer, long[] in) {
        int channels = (int) needShape(layer, in)[0];
        // Depthwise without a bias (the pointwise one follows), as Keras' SeparableConv2D.
        Block depthwise = Shapes.conv(channels, c.kernel(), c.stride(), c.padding(), channels, false);
        Block pointwise = Shapes.conv(c.channels(), 1, 1, 0, 1, c.bias());
        List<Block> blocks = new ArrayList<>(List.of(depthwise, pointwise));
        if (c.activation() != null) blocks.add(Activations.block(c.activation()));
        return blocks;
    }

    @Override
    protected String describe(LayerSpec.SeparableConv2d c) {
        return "separable_conv2d " + c.channels() + "@" + c.kernel() + "x" + c.kernel() + " stride " + c.stride()
                + " pad " + c.padding() + Shapes.noBias(c.bias()) + Shapes.suffix(c.activation());
    }
}
