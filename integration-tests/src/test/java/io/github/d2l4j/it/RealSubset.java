package io.github.d2l4j.it;

import io.github.d2l4j.common.data.ArrayDataSetIterator;
import io.github.d2l4j.common.data.BilinearResize;
import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.data.FashionMnistFiles;
import java.nio.file.Path;

/**
 * The first examples of the real Fashion-MNIST, for tier 1's short runs: the book's {@code
 * load_data_fashion_mnist} on the first {@code trainSize} training and {@code testSize} test
 * images, so that a few hundred real steps and their evaluation fit in seconds. The files come
 * from the same resolver as every section's; a missing file fails the test with its remedies.
 */
final class RealSubset {
    private RealSubset() {}

    /**
     * @param resize the side to resize to, or null to keep 28
     * @param seed seeds the shuffling of the training examples, as the sections' seed does
     */
    static DataIters load(int batchSize, Integer resize, int trainSize, int testSize, long seed) {
        Path dir = FashionMnistFiles.resolve(FashionMnistFiles.Sources.defaults());
        ArrayDataSetIterator train =
                FashionMnist.iterator(FashionMnist.load(dir, true).head(trainSize), batchSize, true, seed);
        ArrayDataSetIterator test =
                FashionMnist.iterator(FashionMnist.load(dir, false).head(testSize), batchSize, false, seed);
        if (resize != null) {
            train.setPreProcessor(new BilinearResize(resize, resize));
            test.setPreProcessor(new BilinearResize(resize, resize));
        }
        return new DataIters(train, test);
    }
}
