package djlab.plugin;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Map;

/**
 * A network DJLab can train, named in a spec as {@code model: {provider: NAME, args: {...}}}: shaped like DJL's
 * {@code ai.djl.nn.BlockFactory}, a name and the spec's arguments in, a fresh (uninitialised) DJL {@link Block} out.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/djlab.plugin.ModelProvider} of a jar on the class path, or in a jar given to
 * {@code djlab --plugins} or {@code DJLAB_PLUGINS}. The class needs a public no-argument constructor.
 *
 * <p>The block must map a batch of images {@code (N, C, H, W)} (float32, scaled to [0, 1] and normalised as the spec
 * says) to {@code (N, classes)} scores (logits; DJLab applies the softmax in its loss). DJLab initialises it, checks
 * its output shape before anything is written, trains it with its own trainer, and saves its parameters.
 */
public interface ModelProvider {

    /** The name a spec uses in {@code model.provider}: letters, digits, '.', '_' or '-'. */
    String name();

    /**
     * A new block for one run.
     *
     * @param args the spec's {@code model.args} (YAML values: Integer, Double, Boolean, String, List, Map), empty
     *     when the spec gives none; throw {@link IllegalArgumentException} with a one-line message for a bad one
     * @param inputShape the shape of a batch of images, {@code (N, C, H, W)}
     * @param classes the number of classes the block must score
     */
    Block newBlock(Map<String, Object> args, Shape inputShape, int classes) throws Exception;
}
