package djlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import djlab.spec.ModelSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resnet preset on MNIST-shaped input (1x28x28, 10 classes), its parameter counts derived by hand.
 *
 * <p>Conventions (torchvision's ResNet v1): convolutions followed by batch norm have no bias; batch norm has 2
 * trainable parameters per channel; a stage's first block projects its shortcut with a 1x1 convolution (no bias) and
 * batch norm when the width or size changes. Small stem: 3x3 conv 1->64 (576) + BN (128) = 704. Head: global average
 * pool, dense to 10 classes.
 *
 * <p>Basic blocks (two 3x3 convolutions), width w in, w out: 2 * 9w^2 + 2 * 2w.
 * <ul>
 *   <li>64:   2*36,864 + 256 = 73,984</li>
 *   <li>128:  2*147,456 + 512 = 295,424; first block 64->128: 73,728 + 256 + 147,456 + 256 + proj 8,192 + 256 = 230,144</li>
 *   <li>256:  2*589,824 + 1,024 = 1,180,672; first: 294,912 + 512 + 589,824 + 512 + 32,768 + 512 = 919,040</li>
 *   <li>512:  2*2,359,296 + 2,048 = 4,720,640; first: 1,179,648 + 1,024 + 2,359,296 + 1,024 + 131,072 + 1,024 = 3,673,088</li>
 * </ul>
 * ResNet-18 [2,2,2,2]: 704 + 2*73,984 + (230,144 + 295,424) + (919,040 + 1,180,672) + (3,673,088 + 4,720,640)
 * + dense 512*10+10 = 5,130 -> 11,172,810 (torchvision-style CIFAR ResNet-18 has 11,173,962 with 3 input channels:
 * 2*9*64 = 1,152 more).
 * ResNet-34 [3,4,6,3]: 704 + 3*73,984 + (230,144 + 3*295,424) + (919,040 + 5*1,180,672) + (3,673,088 + 2*4,720,640)
 * + 5,130 = 21,280,970.
 *
 * <p>Bottleneck blocks, width w, in c, out 4w: c*w + 2w + 9w^2 + 2w + w*4w + 2*4w, plus a projection c*4w + 2*4w in
 * the first block of each stage (also in stage 1, where 64 -> 256 channels).
 * <ul>
 *   <li>stage 1 (w 64): first (c 64) 4,096+128+36,864+128+16,384+512 + proj 16,384+512 = 75,008; others (c 256):
 *       16,384+128+36,864+128+16,384+512 = 70,400</li>
 *   <li>stage 2 (w 128): first (c 256) 32,768+256+147,456+256+65,536+1,024 + proj 131,072+1,024 = 379,392;
 *       others (c 512) 65,536+256+147,456+256+65,536+1,024 = 280,064</li>
 *   <li>stage 3 (w 256): first (c 512) 131,072+512+589,824+512+262,144+2,048 + proj 524,288+2,048 = 1,512,448;
 *       others (c 1024) 262,144+512+589,824+512+262,144+2,048 = 1,117,184</li>
 *   <li>stage 4 (w 512): first (c 1024) 524,288+1,024+2,359,296+1,024+1,048,576+4,096 + proj 2,097,152+4,096
 *       = 6,039,552; others (c 2048) 1,048,576+1,024+2,359,296+1,024+1,048,576+4,096 = 4,462,592</li>
 * </ul>
 * ResNet-50 [3,4,6,3]: 704 + (75,008 + 2*70,400) + (379,392 + 3*280,064) + (1,512,448 + 5*1,117,184)
 * + (6,039,552 + 2*4,462,592) + dense 2048*10+10 = 20,490 -> 23,519,690.
 * ResNet-101 [3,4,23,3]: the same with 22 instead of 5 further stage-3 blocks: 23,519,690 + 17*1,117,184 = 42,511,818.
 *
 * <p>The small ResNet of the batch-norm report ("eight layers": stem + 3 basic blocks of 2 convolutions + dense),
 * blocks [1,1,1], width 16: stem 144+32 = 176; 16: 2*2,304+64 = 4,672; 16->32: 4,608+64+9,216+64+512+64 = 14,528;
 * 32->64: 18,432+128+36,864+128+2,048+128 = 57,728; dense 64*10+10 = 650 -> 77,754.
 */
class ResNetTests {

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

    static Architecture architecture(String yaml) {
        ModelSpec model = NetworkTests.model(yaml);
        List<Networks.Layer> layers = Networks.layers("test.yaml", model, MNIST, 10);
        return Architecture.of(Networks.block(model, layers), layers, MNIST, manager);
    }

    static Stream<Arguments> depths() {
        return Stream.of(
                arguments(18, 11_172_810L),
                arguments(34, 21_280_970L),
                arguments(50, 23_519_690L),
                arguments(101, 42_511_818L));
    }

    @ParameterizedTest(name = "ResNet-{0}: {1} parameters")
    @MethodSource("depths")
    void eachDepthHasTheParameterCountDerivedByHand(int depth, long expected) {
        assertEquals(expected, architecture("{type: resnet, depth: " + depth + "}").parameters());
    }

    @Test
    void theSmallResNetOfTheBatchNormReportHasEightWeightLayers() {
        Architecture small = architecture("{type: resnet, blocks: [1, 1, 1], width: 16}");

        assertEquals(77_754L, small.parameters());
        // stem conv, bn, relu, three residual blocks, global pool, output layer
        assertEquals(8, small.rows().size());
        assertEquals(new Shape(1, 64), small.rows().get(6).output());
    }

    @Test
    void resNet18ShrinksTheImageStageByStageAndPoolsToItsWidth() {
        Architecture r18 = architecture("{type: resnet, depth: 18}");
        List<Architecture.Row> rows = r18.rows();

        assertEquals(new Shape(1, 64, 28, 28), rows.get(2).output());   // after the stem
        assertEquals(new Shape(1, 64, 28, 28), rows.get(4).output());   // stage 1
        assertEquals(new Shape(1, 128, 14, 14), rows.get(6).output());  // stage 2
        assertEquals(new Shape(1, 256, 7, 7), rows.get(8).output());    // stage 3
        assertEquals(new Shape(1, 512, 4, 4), rows.get(10).output());   // stage 4: 7 -> 4 with stride 2, pad 1
        assertEquals(new Shape(1, 512), rows.get(11).output());         // global average pool
        assertEquals(new Shape(1, 10), rows.get(12).output());
        assertTrue(r18.format().contains("total trainable parameters: 11,172,810"), r18::format);
    }

    @Test
    void theImageNetStemQuartersTheImageFirst() {
        Architecture r18 = architecture("{type: resnet, depth: 18, stem: imagenet}");

        // conv 7x7 1->64 (3,136) instead of 3x3 (576): 2,560 more
        assertEquals(11_172_810L + 2_560, r18.parameters());
        assertEquals(new Shape(1, 64, 7, 7), r18.rows().get(3).output());
        assertEquals(new Shape(1, 512, 1, 1), r18.rows().get(10).output());
    }

    @Test
    void withoutBatchNormTheConvolutionsKeepTheirBiases() {
        // stem 576+64; block 16: 2*(2,304+16); 16->32: 4,608+32 + 9,216+32 + projection 512 (no bias, no bn);
        // dense 32*10+10
        long expected = (144 + 16) + 2 * (2_304 + 16) + (4_608 + 32 + 9_216 + 32 + 512) + 330;
        assertEquals(expected, architecture("{type: resnet, blocks: [1, 1], width: 16, batchnorm: false}").parameters());
    }
}
