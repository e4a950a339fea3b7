package example;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import djlab.plugin.ModelProvider;
import java.util.Map;

/** Makes {@link GatedMlp} available to specs as {@code model: {provider: gated-mlp, args: {width: 32}}}. */
public final class GatedMlpProvider implements ModelProvider {

    @Override
    public String name() {
        return "gated-mlp";
    }

    @Override
    public Block newBlock(Map<String, Object> args, Shape inputShape, int classes) {
        Object width = args.getOrDefault("width", 32);
        if (!(width instanceof Integer w) || w < 1) {
            throw new IllegalArgumentException("width: expected an integer >= 1, got " + width);
        }
        return new GatedMlp(w, classes);
    }
}
