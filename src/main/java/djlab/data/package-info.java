/**
 * Data, step 3 of the data path: the built-in data sets (IDX files, CIFAR-10, image folders, two-digit MNIST) read
 * into bytes ({@link djlab.data.RawImages}), then {@link djlab.data.Splits} (limit, validation split, normalisation)
 * held whole on the training device as DJL datasets. What DJLab knows about each built-in data set (name, classes,
 * image shape, its checks, usual normalisation) is its {@link djlab.data.DataSetKind}. Plug-in data joins here
 * through {@code djlab.plugin}.
 */
package djlab.data;
