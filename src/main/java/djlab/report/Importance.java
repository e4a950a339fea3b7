package djlab.report;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.dataset.DatasetView;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.SparseVector;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * How much each swept field mattered to the objective: the mean decrease in impurity (Breiman 2001) over a random
 * forest of regression trees fitted to the trials, the forest scikit-learn's {@code RandomForestRegressor} grows for
 * Optuna's {@code MeanDecreaseImpurityImportanceEvaluator} (64 trees, each on a bootstrap sample of the trials,
 * every field considered at every split, depth up to 64). The trees and the bootstrap samples are Oracle Tribuo's
 * ({@code CARTRegressionTrainer}, {@code DatasetView.createBootstrapView}); a split's decrease is its node's
 * sample-weighted variance minus its children's, over that tree's sample, as scikit-learn counts it. A choice field
 * is one column per choice (one-hot), its importance the sum over its columns, as Optuna does.
 */
final class Importance {

    static final int TREES = 64;
    static final int MAX_DEPTH = 64;
    /** The forest's seed: the same trials give the same importances. */
    private static final long SEED = 0;
    static final String METHOD = "mean decrease in impurity (MDI, Breiman 2001) over a random forest of " + TREES
            + " regression trees on bootstrap samples of the trials, as Optuna's MeanDecreaseImpurityImportanceEvaluator "
            + "computes it; the trees are grown by Oracle Tribuo's CARTRegressionTrainer";

    /** A field and its share of the forest's total impurity decrease (the shares sum to 1). */
    record Field(String key, double importance) {}

    /**
     * One column of the trials' table.
     *
     * @param field the swept field it belongs to (several columns for a choice)
     */
    record Column(String name, String field) {}

    private Importance() {}

    /**
     * The importance of each field, in the order of {@code fields}.
     *
     * @param rows one per trial: a value per column, as numbers (a choice as 0/1 columns)
     * @param objective one per trial
     */
    static List<Field> of(List<String> fields, List<Column> columns, List<double[]> rows, double[] objective) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> trials = new MutableDataset<>(new SimpleDataSourceProvenance("trials", factory), factory);
        String[] names = columns.stream().map(Column::name).toArray(String[]::new);
        for (int i = 0; i < rows.size(); i++) {
            trials.add(new ArrayExample<>(new Regressor("objective", objective[i]), names, rows.get(i)));
        }
        Map<String, Double> total = new LinkedHashMap<>();
        for (Column c : columns) total.put(c.name(), 0.0);
        CARTRegressionTrainer cart = new CARTRegressionTrainer(MAX_DEPTH, 2f, 0f, 1f, false, new MeanSquaredError(), SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        int counted = 0;
        for (int t = 0; t < TREES; t++) {
            DatasetView<Regressor> bag = DatasetView.createBootstrapView(trials, trials.size(), random.nextLong());
            Map<String, Double> tree = decreases(cart.train(bag), bag);
            double sum = tree.values().stream().mapToDouble(Double::doubleValue).sum();
            // A tree that could not split (all its sample alike) says nothing; scikit-learn leaves it out too.
            if (!(sum > 0)) continue;
            counted++;
            tree.forEach((name, d) -> total.merge(name, d / sum, Double::sum));
        }
        Map<String, Double> byField = new LinkedHashMap<>();
        for (String f : fields) byField.put(f, 0.0);
        for (Column c : columns) byField.merge(c.field(), total.get(c.name()), Double::sum);
        double all = byField.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Field> out = new ArrayList<>();
        for (String f : fields) out.add(new Field(f, counted == 0 || !(all > 0) ? 0 : byField.get(f) / all));
        return out;
    }

    /** Per column, the sum over the tree's splits on it of n·variance(node) − n·variance(children), over its sample. */
    private static Map<String, Double> decreases(TreeModel<Regressor> model, DatasetView<Regressor> sample) {
        Node<Regressor> root = ((IndependentRegressionTreeModel) model).getRoots().values().iterator().next();
        Map<Node<Regressor>, Integer> reached = new IdentityHashMap<>();
        for (Example<Regressor> example : sample) {
            SparseVector x = SparseVector.createSparseVector(example, model.getFeatureIDMap(), false);
            for (Node<Regressor> node = root; node != null; node = node.getNextNode(x)) reached.merge(node, 1, Integer::sum);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<Node<Regressor>, Integer> e : reached.entrySet()) {
            if (!(e.getKey() instanceof SplitNode<Regressor> split)) continue;
            double decrease = e.getValue() * split.getImpurity()
                    - reached.getOrDefault(split.getLessThanOrEqual(), 0) * split.getLessThanOrEqual().getImpurity()
                    - reached.getOrDefault(split.getGreaterThan(), 0) * split.getGreaterThan().getImpurity();
            out.merge(model.getFeatureIDMap().get(split.getFeatureID()).getName(), decrease, Double::sum);
        }
        return out;
    }
}
