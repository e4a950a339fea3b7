package djlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import djlab.TestSupport;
import djlab.spec.ModelSpec;
import djlab.spec.BadInputException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** crop, branches (concat and heads, shared weights) and split_heads on two-digit-shaped input (1x42x28, 2 heads). */
class BranchingTests {

    private static final Shape TWO_DIGIT = new Shape(1, 1, 42, 28);
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
        return TestSupport.spec("data: {dataset: two-digit-mnist}\nmodel: " + yaml).model();
    }

    static final String CONV = "[{type: conv2d, channels: 4, kernel: 3, padding: 1, activation: relu}, {type: maxpool, kernel: 2}]";

    static String split(String bottom) {
        return "{layers: [{type: branches, join: heads, branches: [{name: top, region: top, layers: " + CONV + "}, "
                + bottom + "]}]}";
    }

    @Test
    void sharedBranchesCountTheirWeightsOnceAndGiveEqualOutputsForEqualCrops() {
        ModelSpec shared = model(split("{name: bottom, region: bottom, share: top}"));
        ModelSpec separate = model(split("{name: bottom, region: bottom, layers: " + CONV + "}"));
        List<Networks.Layer> sharedLayers = Networks.layers("t.yaml", shared, TWO_DIGIT, 10, 2);
        List<Networks.Layer> separateLayers = Networks.layers("t.yaml", separate, TWO_DIGIT, 10, 2);
        SequentialBlock sharedBlock = Networks.block(shared, sharedLayers);
        SequentialBlock separateBlock = Networks.block(separate, separateLayers);
        Engine.getInstance().setRandomSeed(1);
        long perBranch = 40 + 4 * 14 * 14 * 10 + 10;
        assertEquals(perBranch, Architecture.of(sharedBlock, sharedLayers, TWO_DIGIT, manager).parameters());
        assertEquals(2 * perBranch, Architecture.of(separateBlock, separateLayers, TWO_DIGIT, manager).parameters());
        // An image whose top 28 rows equal its bottom 28 rows: rows 14-27 are shared, so rows 0-13 = 14-27 = 28-41.
        float[] rows = new float[14 * 28];
        for (int i = 0; i < rows.length; i++) rows[i] = (i * 37 % 101) / 101f;
        float[] image = new float[42 * 28];
        for (int k = 0; k < 3; k++) System.arraycopy(rows, 0, image, k * rows.length, rows.length);
        NDArray x = manager.create(image, new Shape(1, 1, 42, 28));
        NDList sharedOut = sharedBlock.forward(new ParameterStore(manager, false), new NDList(x), false);
        NDList separateOut = separateBlock.forward(new ParameterStore(manager, false), new NDList(x), false);
        assertEquals(2, sharedOut.size());
        assertArrayEquals(new long[] {1, 10}, sharedOut.get(0).getShape().getShape());
        assertArrayEquals(sharedOut.get(0).toFloatArray(), sharedOut.get(1).toFloatArray(), 0f,
                "the same weights on the same crop");
        assertFalse(java.util.Arrays.equals(separateOut.get(0).toFloatArray(), separateOut.get(1).toFloatArray()),
                "separate weights differ");
    }

    @Test
    void cropsTakeTheRowsOfEachDigit() {
        ModelSpec crop = model("{layers: [{type: crop, region: bottom}]}");
        List<Networks.Layer> layers = Networks.layers("t.yaml", crop, TWO_DIGIT, 10, 2);
        SequentialBlock block = Networks.block(crop, layers);
        block.initialize(manager, DataType.FLOAT32, TWO_DIGIT);
        // The crop alone (the first child): rows 14-41 of an image whose pixel value is its row number.
        float[] image = new float[42 * 28];
        for (int i = 0; i < image.length; i++) image[i] = i / 28;
        NDArray cropped = block.getChildren().get(0).getValue()
                .forward(new ParameterStore(manager, false), new NDList(manager.create(image, TWO_DIGIT)), false)
                .singletonOrThrow();
        assertArrayEquals(new long[] {1, 1, 28, 28}, cropped.getShape().getShape());
        assertEquals(14f, cropped.getFloat(0, 0, 0, 0));
        assertEquals(41f, cropped.getFloat(0, 0, 27, 27));
        // One stream on a two-head data set: flatten, one dense of 2 x 10, split into the heads.
        assertTrue(layers.get(layers.size() - 1).field().contains("output heads"), layers.toString());
    }

    @Test
    void concatJoinsChannelsOfEqualImages() {
        ModelSpec concat = model("{layers: [{type: branches, branches: [{region: top, layers: " + CONV + "}, "
                + "{rows: [14, 42], layers: [{type: conv2d, channels: 2, kernel: 3, padding: 1}, {type: maxpool}]}]}]}");
        List<Networks.Layer> layers = Networks.layers("t.yaml", concat, TWO_DIGIT, 10, 2);
        assertArrayEquals(new long[] {6, 14, 14}, layers.get(1).input(), "4 + 2 channels of 14x14 into the flatten");
        Architecture a = Architecture.of(Networks.block(concat, layers), layers, TWO_DIGIT, manager);
        assertEquals(40 + 20 + 6 * 14 * 14 * 20 + 20, a.parameters());
    }

    @Test
    void badBranchesAreRejectedNamingTheField() {
        BadInputException unknownShare = assertThrows(BadInputException.class, () -> model(split("{name: bottom, region: bottom, share: middle}")));
        assertTrue(unknownShare.getMessage().contains("branches[1].share"), unknownShare.getMessage());
        BadInputException threeHeads = assertThrows(BadInputException.class, () -> Networks.layers("t.yaml",
                model("{layers: [{type: branches, join: heads, branches: [{region: top, layers: " + CONV + "}, "
                        + "{region: bottom, layers: " + CONV + "}, {region: all, layers: " + CONV + "}]}]}"),
                TWO_DIGIT, 10, 2));
        assertTrue(threeHeads.getMessage().contains("one branch per output head"), threeHeads.getMessage());
        BadInputException notLast = assertThrows(BadInputException.class, () -> Networks.layers("t.yaml",
                model("{layers: [{type: branches, join: heads, branches: [{name: top, region: top, layers: " + CONV
                        + "}, {name: bottom, region: bottom, share: top}]}, {type: flatten}]}"), TWO_DIGIT, 10, 2));
        assertTrue(notLast.getMessage().contains("must be its last layer"), notLast.getMessage());
        BadInputException wideRegion = assertThrows(BadInputException.class, () -> Networks.layers("t.yaml",
                model("{layers: [{type: crop, region: left}]}"), TWO_DIGIT, 10, 2));
        assertTrue(wideRegion.getMessage().contains("wide image"), wideRegion.getMessage());
    }
}
