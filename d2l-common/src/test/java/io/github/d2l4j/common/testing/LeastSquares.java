package io.github.d2l4j.common.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/** The best a linear model can do on a data set, for the bands of chapter 11's airfoil runs. */
public final class LeastSquares {
    private LeastSquares() {}

    /**
     * The minimum over w and b of mean(½ (Xw + b - y)^2): the normal equations [X 1]^T [X 1] beta = [X 1]^T y
     * solved in double precision.
     *
     * @param features (n, d)
     * @param labels (n, 1)
     */
    public static double halfMseFloor(INDArray features, INDArray labels) {
        long n = features.size(0);
        INDArray x = Nd4j.hstack(features.castTo(DataType.DOUBLE), Nd4j.ones(DataType.DOUBLE, n, 1));
        INDArray y = labels.castTo(DataType.DOUBLE).reshape(n, 1);
        INDArray gram = x.transpose().mmul(x);
        INDArray beta = InvertMatrix.invert(gram, false).mmul(x.transpose().mmul(y));
        double norm = x.mmul(beta).subi(y).norm2Number().doubleValue();
        return norm * norm / 2 / n;
    }
}
