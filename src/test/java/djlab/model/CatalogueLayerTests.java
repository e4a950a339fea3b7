package djlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import djlab.spec.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers the catalogue added, on MNIST-shaped input: parameter counts by hand, shapes, initialisers per kind. */
class CatalogueLayerTests {

    private static final Shape MNIST = new Shape(1, 1, 28, 28);
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Architecture architecture(String yaml) {
        ModelSpec model = NetworkTests.model(yaml);
        List<Networks.Layer> layers = Networks.layers("test.yaml", model, MNIST, 10);
        return Architecture.of(Networks.block(model, layers), layers, MNIST, manager);
    }

    @Test
    void aSeparableConvolutionIsDepthwiseThenPointwise() {
        // conv 1->8 3x3 (80) 8x28x28; separable 8->16: depthwise 8*9 (no bias) = 72, pointwise 8*16+16 = 144;
        // output 16*28*28*10+10 = 125,450
        Architecture a = architecture("{layers: [{type: conv2d, channels: 8, padding: 1}, "
                + "{type: separable_conv2d, channels: 16, padding: 1, activation: relu}]}");
        assertEquals(216, a.rows().get(1).parameters());
        assertEquals(new Shape(1, 16, 28, 28), a.rows().get(1).output());
        assertEquals(80 + 216 + 125_450, a.parameters());
    }

    @Test
    void aResidualKeepingTheShapeAddsTheIdentityAndOneChangingItAProjection() {
        // identity: conv 4->4 3x3 pad 1 (148) twice = 296, no shortcut parameters
        Architecture same = architecture("{layers: [{type: conv2d, channels: 4, padding: 1}, {type: residual, layers: ["
                + "{type: conv2d, channels: 4, padding: 1}, {type: activation, function: relu}, "
                + "{type: conv2d, channels: 4, padding: 1}]}]}");
        assertEquals(296, same.rows().get(1).parameters());
        // stride 2 and 8 channels: conv 4->8 (296) + conv 8->8 (584) + projection 1x1 4->8 stride 2, no bias (32)
        Architecture down = architecture("{layers: [{type: conv2d, channels: 4, padding: 1}, {type: residual, layers: ["
                + "{type: conv2d, channels: 8, stride: 2, padding: 1}, {type: conv2d, channels: 8, padding: 1}]}]}");
        assertEquals(296 + 584 + 32, down.rows().get(1).parameters());
        assertEquals(new Shape(1, 8, 14, 14), down.rows().get(1).output());
        // with batch norm in the branch the projection gets one too: + 2 * 8
        Architecture bn = architecture("{layers: [{type: conv2d, channels: 4, padding: 1}, {type: residual, layers: ["
                + "{type: conv2d, channels: 8, stride: 2, padding: 1, bias: false}, {type: batchnorm}]}]}");
        assertEquals((4 * 8 * 9) + 16 + 32 + 16, bn.rows().get(1).parameters());
    }

    @Test
    void globalPoolingLeavesOneFeaturePerChannel() {
        Architecture avg = architecture("{layers: [{type: conv2d, channels: 6}, {type: global_avgpool}]}");
        Architecture max = architecture("{layers: [{type: conv2d, channels: 6}, {type: global_maxpool}]}");
        assertEquals(new Shape(1, 6), avg.rows().get(1).output());
        assertEquals(new Shape(1, 6), max.rows().get(1).output());
        // no flatten added: conv 60 + dense 6*10+10 = 70
        assertEquals(3, avg.rows().size());
        assertEquals(130, avg.parameters());
    }

    @Test
    void withoutBiasesDenseAndConvolutionHaveWeightsOnly() {
        // flatten, dense 784*128 no bias, dense 128*64 no bias, output 64*10+10: the batch-norm report's MLP
        assertEquals(784L * 128 + 128 * 64 + 64 * 10 + 10,
                architecture("{layers: [{type: flatten}, {type: dense, units: 128, bias: false}, "
                        + "{type: dense, units: 64, bias: false}]}").parameters());
        assertEquals(9 * 4, architecture("{layers: [{type: conv2d, channels: 4, bias: false}]}").rows().get(0).parameters());
    }

    @Test
    void eachLayerKindGetsItsOwnInitialiser() {
        ModelSpec model = NetworkTests.model("{layers: [{type: conv2d, channels: 32, kernel: 5}, {type: flatten}, "
                + "{type: dense, units: 64}], init: {type: xavier, conv: {type: normal, std: 0.5}, "
                + "dense: {type: uniform, scale: 0.001}}}");
        List<Networks.Layer> layers = Networks.layers("test.yaml", model, MNIST, 10);
        SequentialBlock block = Networks.block(model, layers);
        Architecture.of(block, layers, MNIST, manager);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().getName().equals("weight")) continue;
            NDArray w = p.getValue().getArray();
            Block owner = ownerOf(block, p.getValue());
            if (owner instanceof Conv2d) {
                double std = Math.sqrt(w.square().mean().getFloat());
                assertEquals(0.5, std, 0.05, "conv weights: normal(0.5)");
            } else {
                assertTrue(w.abs().max().getFloat() <= 0.001f, "dense weights: uniform in [-0.001, 0.001]");
                assertTrue(owner instanceof Linear);
            }
        }
    }

    private static Block ownerOf(Block block, Parameter parameter) {
        for (Block child : block.getChildren().values()) {
            if (child.getDirectParameters().values().contains(parameter)) return child;
            Block found = ownerOf(child, parameter);
            if (found != null) return found;
        }
        return null;
    }
}
