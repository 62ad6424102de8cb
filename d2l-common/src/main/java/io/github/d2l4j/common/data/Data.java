package io.github.d2l4j.common.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Generated data and in-memory iterators of D2L §3.2-3.3. */
public final class Data {
    private Data() {}

    /**
     * Generates \( y = Xw + b + \epsilon \), \( X \sim N(0, 1) \), \( \epsilon \sim N(0, 0.01^2) \),
     * drawing from ND4J's global RNG (seed it with {@code Nd4j.getRandom().setSeed}).
     *
     * <p>Defined in D2L §3.2.
     *
     * @param w the true weights, a vector of length d
     * @return features (n, d) and labels (n, 1)
     */
    public static DataSet syntheticData(INDArray w, double b, int numExamples) {
        if (numExamples <= 0) {
            throw new IllegalArgumentException("number of examples must be positive, got " + numExamples);
        }
        INDArray wCol = w.castTo(DataType.FLOAT).reshape(w.length(), 1);
        INDArray X = Nd4j.randn(DataType.FLOAT, numExamples, w.length());
        INDArray y = X.mmul(wCol).addi(b);
        y.addi(Nd4j.randn(DataType.FLOAT, numExamples, 1).muli(0.01));
        return new DataSet(X, y);
    }

    /**
     * A minibatch iterator over in-memory arrays: shuffled each epoch when {@code isTrain}.
     *
     * <p>Defined in D2L §3.3.
     */
    public static ArrayDataSetIterator loadArray(
            INDArray features, INDArray labels, int batchSize, boolean isTrain, long seed) {
        return ArrayDataSetIterator.of(features, labels, batchSize, isTrain, seed);
    }
}
