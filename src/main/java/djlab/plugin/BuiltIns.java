package djlab.plugin;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.data.DataSetKind;
import djlab.data.ImageFolders;
import djlab.data.RawImages;
import djlab.data.Splits;
import djlab.model.Networks;
import djlab.spec.ModelSpec;
import djlab.spec.SpecFiles;
import java.util.List;
import java.util.Map;

/**
 * DJLab's own networks and data sets as providers of the plug-in interfaces: thin adapters over
 * {@link Networks} and {@link Splits}, so every network and data set is looked up in the one registry.
 */
final class BuiltIns {

    /** The presets of {@code model.type}. */
    static final List<String> MODEL_TYPES = djlab.spec.SpecValidator.MODEL_TYPES;

    /** Marks the built-in providers, which specs name through {@code model.type} and the built-in data sets. */
    interface BuiltIn {}

    private BuiltIns() {}

    /** A preset: its arguments are the fields of {@code model} ({@code hidden}, {@code batchnorm}, ...). */
    record Model(String name) implements ModelProvider, BuiltIn {

        @Override
        public Block newBlock(Map<String, Object> args, Shape inputShape, int classes) {
            ObjectNode tree = SpecFiles.json().valueToTree(args);
            if (!name.equals("layers")) tree.put("type", name);
            ModelSpec model = SpecFiles.convert(name, tree, ModelSpec.class, "model.");
            return block(model, Networks.layers(name, model, inputShape, classes));
        }

        /** The block of layers already expanded and checked (with their spec fields, for errors) by the run's plan. */
        Block block(ModelSpec model, List<Networks.Layer> layers) {
            return Networks.block(model, layers);
        }
    }

    /** A built-in data set, read from its located folder (or DJL's download) as today. */
    record Data(DataSetKind kind) implements DataProvider, BuiltIn {

        @Override
        public String name() {
            return kind.specName();
        }

        @Override
        public ProvidedData load(Map<String, Object> args, DataContext context) {
            RawImages[] raw = Splits.read(kind, context.folder(), context.data(), context.seed(), context.manager());
            List<String> classes = kind == DataSetKind.IMAGE_FOLDER
                    ? ImageFolders.names(context.folder().orElseThrow()) : kind.classNames();
            return new ProvidedData(raw[0], raw[1], classes);
        }
    }
}
