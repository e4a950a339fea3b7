package djlab.model;

import djlab.spec.LayerSpec;
import djlab.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code resnet} preset as plain layers: a stem, stages of {@code residual} layers, global average pooling.
 * Blocks follow He et al. 2016 (v1, projection shortcuts "B", as torchvision): a basic block is two 3x3
 * convolutions, a bottleneck block 1x1, 3x3 and 1x1 with four times the width out. The first block of every stage
 * after the first has stride 2. Convolutions followed by batch norm have no bias (its beta does that work).
 *
 * <p>The {@code small} stem (a 3x3 convolution, stride 1, no pooling) keeps 28x28 and 32x32 images big enough for
 * four stages, as ResNets for CIFAR do; {@code imagenet} is the original 7x7/2 convolution and 3x3/2 max pool.
 */
final class ResNets {

    static final int EXPANSION = 4;

    private ResNets() {}

    static void expand(ModelSpec m, List<Networks.Layer> out) {
        boolean bn = m.batchnorm();
        String act = m.activation();
        if (m.stem().equals("imagenet")) {
            out.add(new Networks.Layer("model.stem", conv(m.width(), 7, 2, 3, bn)));
        } else {
            out.add(new Networks.Layer("model.stem", conv(m.width(), 3, 1, 1, bn)));
        }
        if (bn) out.add(new Networks.Layer("model.stem", new LayerSpec.BatchNorm()));
        out.add(new Networks.Layer("model.stem", new LayerSpec.Activation(act)));
        if (m.stem().equals("imagenet")) out.add(new Networks.Layer("model.stem", new LayerSpec.MaxPool(3, 2, 1)));
        for (int stage = 0; stage < m.blocks().size(); stage++) {
            int width = m.width() << stage;
            for (int b = 0; b < m.blocks().get(stage); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                List<LayerSpec> branch = m.bottleneck() ? bottleneck(width, stride, bn, act) : basic(width, stride, bn, act);
                out.add(new Networks.Layer("model.blocks[" + stage + "]", new LayerSpec.Residual(branch, "auto", act)));
            }
        }
        out.add(new Networks.Layer("model.type", new LayerSpec.GlobalAvgPool()));
        if (m.dropout() > 0) out.add(new Networks.Layer("model.dropout", new LayerSpec.Dropout(m.dropout())));
    }

    private static List<LayerSpec> basic(int width, int stride, boolean bn, String act) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(conv(width, 3, stride, 1, bn));
        if (bn) layers.add(new LayerSpec.BatchNorm());
        layers.add(new LayerSpec.Activation(act));
        layers.add(conv(width, 3, 1, 1, bn));
        if (bn) layers.add(new LayerSpec.BatchNorm());
        return layers;
    }

    private static List<LayerSpec> bottleneck(int width, int stride, boolean bn, String act) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(conv(width, 1, 1, 0, bn));
        if (bn) layers.add(new LayerSpec.BatchNorm());
        layers.add(new LayerSpec.Activation(act));
        layers.add(conv(width, 3, stride, 1, bn));
        if (bn) layers.add(new LayerSpec.BatchNorm());
        layers.add(new LayerSpec.Activation(act));
        layers.add(conv(width * EXPANSION, 1, 1, 0, bn));
        if (bn) layers.add(new LayerSpec.BatchNorm());
        return layers;
    }

    private static LayerSpec conv(int channels, int kernel, int stride, int padding, boolean batchnorm) {
        return new LayerSpec.Conv2d(channels, kernel, stride, padding, null, batchnorm ? false : null);
    }
}
