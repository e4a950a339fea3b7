package djlab.model;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import djlab.TestSupport;
import djlab.spec.LayerSpec;
import djlab.spec.ModelSpec;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Networks#layers}, {@link Networks#block} and {@link Architecture#of} on MNIST-shaped input (1x28x28, 10 classes). */
class NetworkTests {

    private static final Shape MNIST = new Shape(1, 1, 28, 28);
    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    static ModelSpec model(String yaml) {
        return TestSupport.spec("model: " + yaml).model();
    }

    static Architecture architecture(ModelSpec model) {
        List<Networks.Layer> layers = Networks.layers("test.yaml", model, MNIST, 10);
        return Architecture.of(Networks.block(model, layers), layers, MNIST, manager);
    }

    static Stream<Arguments> parameterCounts() {
        return Stream.of(
                // 784*512+512 = 401,920 ; 512*10+10 = 5,130
                arguments("{type: mlp, hidden: [512]}", 407_050L),
                arguments("{type: mlp}", 407_050L),
                // dropout has no parameters
                arguments("{type: mlp, hidden: [512], dropout: 0.5}", 407_050L),
                // (784*128+128 + 128*64+64 + 64*10+10) + batch norm's gamma and beta per unit 2*(128+64)
                arguments("{type: mlp, hidden: [128, 64], batchnorm: true}",
                        (784L * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10) + 2 * (128 + 64)),
                // no hidden layer: softmax regression, 784*10+10
                arguments("{type: mlp, hidden: []}", 7_850L),
                // LeNet-5 as built here, valid convolutions on 28x28:
                //   conv 6@5x5:   1*6*25+6    =    156   28x28 -> 24x24, pool2 -> 12x12
                //   conv 16@5x5:  6*16*25+16  =  2,416   12x12 ->  8x8,  pool2 ->  4x4
                //   flatten 16*4*4 = 256
                //   dense 120:    256*120+120 = 30,840
                //   dense 84:     120*84+84   = 10,164
                //   dense 10:     84*10+10    =    850
                //   total                        44,426
                // (The often-quoted 61,706 is LeNet-5 on 32x32 input, or with padding 2 on the first conv:
                //  16*5*5 = 400 features into the first dense layer, 400*120+120 = 48,120.)
                arguments("{type: lenet}", 156L + 2_416 + 30_840 + 10_164 + 850),
                // LeNet with batch norm after both convs and both dense layers: 2*(6+16+120+84) more
                arguments("{type: lenet, batchnorm: true}", 44_426L + 2 * (6 + 16 + 120 + 84)),
                // cnn preset, 3x3 same-padded convs 32, 64 each followed by pool2 (28 -> 14 -> 7), dense 128:
                //   1*32*9+32 = 320 ; 32*64*9+64 = 18,496 ; 64*7*7*128+128 = 401,536 ; 128*10+10 = 1,290
                arguments("{type: cnn}", 320L + 18_496 + 401_536 + 1_290),
                // cnn with 5x5 kernels (padding 2), batch norm on the convs, one dense 32:
                //   1*8*25+8 = 208 (+16) ; 8*16*25+16 = 3,216 (+32) ; 16*7*7*32+32 = 25,120 ; 32*10+10 = 330
                arguments("{type: cnn, hidden: [8, 16], kernel: 5, dense: [32], batchnorm: true}",
                        208L + 16 + 3_216 + 32 + 25_120 + 330),
                // explicit layers: conv 8@3x3 valid (28 -> 26), pool2 (-> 13), flatten 8*13*13 = 1,352, dense 32:
                //   1*8*9+8 = 80 ; 1,352*32+32 = 43,296 ; 32*10+10 = 330
                arguments("""
                        {layers: [{type: conv2d, channels: 8, kernel: 3, activation: relu}, {type: maxpool},
                                  {type: flatten}, {type: dense, units: 32, activation: relu}]}""",
                        80L + 43_296 + 330),
                // explicit layers ending on an image get a flatten before the output layer: 4@26x26 -> 2,704*10+10
                arguments("{layers: [{type: conv2d, channels: 4}]}", 40L + 27_050));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("parameterCounts")
    void trainableParameterCount(String model, long expected) {
        Architecture architecture = architecture(model(model));

        assertEquals(expected, architecture.parameters());
        assertEquals(expected, architecture.rows().stream().mapToLong(Architecture.Row::parameters).sum());
    }

    @Test
    void mlpLayersWithOutputShapesAndParameters() {
        Architecture a = architecture(model("{type: mlp, hidden: [512]}"));

        assertEquals(List.of("flatten", "dense 512", "relu", "dense 10"), a.rows().stream().map(Architecture.Row::layer).toList());
        assertShapes(a, new long[][] {{784}, {512}, {512}, {10}});
        assertEquals(List.of(0L, 401_920L, 0L, 5_130L), a.rows().stream().map(Architecture.Row::parameters).toList());
    }

    @Test
    void lenetLayersWithOutputShapes() {
        Architecture a = architecture(model("{type: lenet, activation: tanh}"));

        assertEquals(List.of(
                "conv2d 6@5x5 stride 1 pad 0", "tanh", "maxpool 2x2 stride 2 pad 0",
                "conv2d 16@5x5 stride 1 pad 0", "tanh", "maxpool 2x2 stride 2 pad 0",
                "flatten", "dense 120", "tanh", "dense 84", "tanh", "dense 10"),
                a.rows().stream().map(Architecture.Row::layer).toList());
        assertShapes(a, new long[][] {
            {6, 24, 24}, {6, 24, 24}, {6, 12, 12},
            {16, 8, 8}, {16, 8, 8}, {16, 4, 4},
            {256}, {120}, {120}, {84}, {84}, {10}});
    }

    @Test
    void cnnPresetPadsToKeepTheImageSizeBeforeEachPool() {
        Architecture a = architecture(model("{type: cnn, hidden: [4, 8], dense: [16], batchnorm: true, dropout: 0.5}"));

        assertEquals(List.of(
                "conv2d 4@3x3 stride 1 pad 1", "batchnorm", "relu", "maxpool 2x2 stride 2 pad 0",
                "conv2d 8@3x3 stride 1 pad 1", "batchnorm", "relu", "maxpool 2x2 stride 2 pad 0",
                "flatten", "dense 16", "relu", "dropout 0.5", "dense 10"),
                a.rows().stream().map(Architecture.Row::layer).toList());
        assertShapes(a, new long[][] {
            {4, 28, 28}, {4, 28, 28}, {4, 28, 28}, {4, 14, 14},
            {8, 14, 14}, {8, 14, 14}, {8, 14, 14}, {8, 7, 7},
            {392}, {16}, {16}, {16}, {10}});
    }

    @Test
    void explicitLayersWithStridePaddingAndActivations() {
        Architecture a = architecture(model("""
                {layers: [{type: conv2d, channels: 3, kernel: 4, stride: 2, padding: 1, activation: gelu},
                          {type: avgpool, kernel: 3, stride: 1, padding: 1}, {type: flatten},
                          {type: dense, units: 20, activation: sigmoid}, {type: dropout, rate: 0.1}]}"""));

        assertEquals(List.of("conv2d 3@4x4 stride 2 pad 1 + gelu", "avgpool 3x3 stride 1 pad 1", "flatten",
                "dense 20 + sigmoid", "dropout 0.1", "dense 10"), a.rows().stream().map(Architecture.Row::layer).toList());
        // (28 + 2 - 4) / 2 + 1 = 14 ; (14 + 2 - 3) / 1 + 1 = 14
        assertShapes(a, new long[][] {{3, 14, 14}, {3, 14, 14}, {588}, {20}, {20}, {10}});
        assertEquals(List.of(3L * 16 + 3, 0L, 0L, 588L * 20 + 20, 0L, 20L * 10 + 10),
                a.rows().stream().map(Architecture.Row::parameters).toList());
    }

    @Test
    void theOutputLayerIsSizedToTheClasses() {
        List<Networks.Layer> layers = Networks.layers("test.yaml", model("{type: mlp, hidden: [32]}"), MNIST, 7);

        Networks.Layer last = layers.get(layers.size() - 1);
        assertEquals(new LayerSpec.Dense(7, null), last.spec());
        assertEquals("model (output layer, 7 classes)", last.field());
    }

    @Test
    void aNetworkEndingOnAnImageGetsAFlattenBeforeTheOutputLayer() {
        List<Networks.Layer> layers = Networks.layers("test.yaml", model("{layers: [{type: conv2d, channels: 2}]}"), MNIST, 10);

        assertEquals(3, layers.size());
        assertInstanceOf(LayerSpec.Flatten.class, layers.get(1).spec());
        assertInstanceOf(LayerSpec.Dense.class, layers.get(2).spec());
    }

    @Test
    void presetLayersRememberTheSpecFieldTheyCameFrom() {
        List<Networks.Layer> layers = Networks.layers("test.yaml", model("{type: mlp, hidden: [64, 32], dropout: 0.2}"), MNIST, 10);

        assertEquals(List.of("model.type", "model.hidden[0]", "model.hidden[0]", "model.dropout",
                "model.hidden[1]", "model.hidden[1]", "model.dropout", "model (output layer, 10 classes)"),
                layers.stream().map(Networks.Layer::field).toList());
    }

    @Test
    void formatPrintsATableWithTheTotal() {
        String table = architecture(model("{type: mlp, hidden: [512]}")).format();

        assertEquals(List.of("#", "layer", "output", "parameters"), List.of(table.lines().findFirst().orElseThrow().trim().split("\\s+")));
        assertEquals(7, table.lines().count());
        assertEquals("total trainable parameters: " + String.format("%,d", 407_050), table.lines().reduce((a, b) -> b).orElseThrow().trim());
    }

    private static void assertShapes(Architecture architecture, long[][] expected) {
        assertEquals(expected.length, architecture.rows().size(), "layers");
        assertAll(IntStream.range(0, expected.length).mapToObj(i -> () -> assertArrayEquals(
                expected[i], architecture.rows().get(i).output().slice(1).getShape(),
                "output of layer " + (i + 1) + " " + architecture.rows().get(i).layer())));
    }
}
