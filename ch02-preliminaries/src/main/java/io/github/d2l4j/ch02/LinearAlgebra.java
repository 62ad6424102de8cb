package io.github.d2l4j.ch02;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scalars, vectors, matrices and tensors; reductions along axes (with and without keeping them),
 * dot products, matrix-vector and matrix-matrix products, and the L2, L1 and Frobenius norms.
 *
 * <p>D2L 2.3, Linear Algebra.
 */
@BookSection(id = "2.3", title = "Linear Algebra", page = "https://zh.d2l.ai/chapter_preliminaries/linear-algebra.html")
public final class LinearAlgebra {
    private static final Logger LOG = LoggerFactory.getLogger(LinearAlgebra.class);

    public record Config() {
        public static Config from(RunOptions o) {
            return new Config();
        }
    }

    public record Result(
            double[] scalarOps,
            long length,
            boolean symmetric,
            double sum,
            double[] sumAxis0,
            double[] sumAxis1,
            long[] keepdimsShape,
            double mean,
            double[][] cumsum,
            double dot,
            double[] mv,
            double[][] mm,
            double l2,
            double l1,
            double frobenius)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("A_sum", sum)
                    .add("A_mean", mean)
                    .add("l2", l2)
                    .add("l1", l1)
                    .add("frobenius", frobenius);
        }
    }

    public static Result run(Config c) {
        // 2.3.1 Scalars
        INDArray x = Nd4j.scalar(3.0f);
        INDArray y = Nd4j.scalar(2.0f);
        double[] scalarOps = {
            x.add(y).getDouble(0),
            x.mul(y).getDouble(0),
            x.div(y).getDouble(0),
            org.nd4j.linalg.ops.transforms.Transforms.pow(x, y).getDouble(0)
        };
        LOG.info("x + y, x * y, x / y, x ** y = {}", Arrays.toString(scalarOps));

        // 2.3.2 Vectors
        INDArray v = Nd4j.arange(4).castTo(DataType.FLOAT);
        LOG.info(
                "x = {}, x[3] = {}, len(x) = {}, x.shape = {}",
                v,
                v.getDouble(3),
                v.length(),
                Arrays.toString(v.shape()));

        // 2.3.3 Matrices
        INDArray A = Nd4j.arange(20).castTo(DataType.FLOAT).reshape(5, 4);
        LOG.info("A =\n{}\nA.T =\n{}", A, A.transpose());
        INDArray B = Nd4j.create(new float[][] {{1, 2, 3}, {2, 0, 4}, {3, 4, 5}});
        boolean symmetric = B.equals(B.transpose());
        LOG.info("B == B.T: {}", symmetric);

        // 2.3.4 Tensors and 2.3.5 basic properties
        LOG.info("X = arange(24).reshape(2, 3, 4) =\n{}", Nd4j.arange(24).reshape(2, 3, 4));
        INDArray Bcopy = A.dup(); // A.clone(): a new buffer
        LOG.info("A * B (Hadamard) =\n{}", A.mul(Bcopy));
        LOG.info(
                "a + X, (a * X).shape with a = 2: {}",
                Arrays.toString(Nd4j.arange(24).reshape(2, 3, 4).mul(2).shape()));

        // 2.3.6 Reduction
        double sum = A.sumNumber().doubleValue();
        INDArray sum0 = A.sum(0);
        INDArray sum1 = A.sum(1);
        double mean = A.meanNumber().doubleValue();
        INDArray sumA = A.sum(true, 1); // keepdims: (5, 1), so A / sumA broadcasts
        LOG.info("A.sum() = {}, A.sum(axis=0) = {}, A.sum(axis=1) = {}", sum, sum0, sum1);
        LOG.info("A.mean() = {} = A.sum() / A.numel() = {}", mean, sum / A.length());
        LOG.info(
                "sum_A = A.sum(axis=1, keepdims=True), shape {}\nA / sum_A =\n{}",
                Arrays.toString(sumA.shape()),
                A.divColumnVector(sumA));
        INDArray cumsum = A.cumsum(0);
        LOG.info("A.cumsum(axis=0) =\n{}", cumsum);

        // 2.3.7 Dot products, 2.3.8 matrix-vector, 2.3.9 matrix-matrix
        INDArray w = Nd4j.ones(DataType.FLOAT, 4);
        double dot = Nd4j.getBlasWrapper().dot(v, w);
        LOG.info("dot(x, y) = {} = sum(x * y) = {}", dot, v.mul(w).sumNumber());
        INDArray mv = A.mmul(v.reshape(4, 1)).reshape(5);
        LOG.info(
                "A.shape = {}, x.shape = {}, mv(A, x) = {}",
                Arrays.toString(A.shape()),
                Arrays.toString(v.shape()),
                mv);
        INDArray mm = A.mmul(Nd4j.ones(DataType.FLOAT, 4, 3));
        LOG.info("mm(A, ones(4, 3)) =\n{}", mm);

        // 2.3.10 Norms
        INDArray u = Nd4j.createFromArray(3f, -4f);
        double l2 = u.norm2Number().doubleValue();
        double l1 = u.norm1Number().doubleValue(); // sum of absolute values
        double frobenius = Nd4j.ones(DataType.FLOAT, 4, 9).norm2Number().doubleValue(); // over all elements
        LOG.info("norm(u) = {}, L1 = {}, Frobenius(ones(4, 9)) = {}", l2, l1, frobenius);
        return new Result(
                scalarOps,
                v.length(),
                symmetric,
                sum,
                sum0.toDoubleVector(),
                sum1.toDoubleVector(),
                sumA.shape(),
                mean,
                cumsum.toDoubleMatrix(),
                dot,
                mv.toDoubleVector(),
                mm.toDoubleMatrix(),
                l2,
                l1,
                frobenius);
    }
}
