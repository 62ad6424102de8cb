package io.github.d2l4j.ch02;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J's {@code INDArray} is this book's tensor: creating arrays, reshaping, elementwise
 * operators, concatenation, broadcasting, indexing and slicing, and when an operation allocates a
 * new buffer versus writing into an existing one.
 *
 * <p>On memory: ND4J's methods come in pairs. {@code add} returns a new array (PyTorch's {@code
 * Y = Y + X}); {@code addi} writes in place ({@code X += Y}). {@code get(...)} with intervals
 * returns a <em>view</em> that shares the parent's buffer, so {@code view.assign(v)} is PyTorch's
 * slice assignment {@code Z[:] = v}.
 *
 * <p>D2L 2.1, Data Manipulation.
 */
@BookSection(id = "2.1", title = "Data Manipulation", page = "https://zh.d2l.ai/chapter_preliminaries/ndarray.html")
public final class DataManipulation {
    private static final Logger LOG = LoggerFactory.getLogger(DataManipulation.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42));
        }
    }

    /** The values the book prints, for the tests to check. */
    public record Result(
            long[] xShape,
            long numel,
            long[] inferredShape,
            double[] plus,
            double[] power,
            boolean[][] equal,
            double[][] catRows,
            long[] catColsShape,
            double sum,
            double[][] broadcast,
            long[] broadcast3d,
            double[][] afterAssignment,
            boolean newBufferForPlus,
            boolean sameBufferForSliceAssign,
            boolean sameBufferForAddi,
            float item)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of().add("X_sum", sum).add("numel", numel);
        }
    }

    public static Result run(Config c) {
        // 2.1.1 Getting started
        INDArray x = Nd4j.arange(12).castTo(DataType.FLOAT);
        LOG.info("x = {}\nx.shape = {}, x.numel() = {}", x, Arrays.toString(x.shape()), x.length());
        INDArray X = x.reshape(3, 4);
        INDArray inferred = x.reshape(-1, 4); // -1: ND4J infers 3 from the 12 elements
        LOG.info("X = x.reshape(3, 4) =\n{}\nx.reshape(-1, 4).shape = {}", X, Arrays.toString(inferred.shape()));
        LOG.info(
                "zeros(2, 3, 4) =\n{}\nones(2, 3, 4).shape = {}",
                Nd4j.zeros(2, 3, 4),
                Arrays.toString(Nd4j.ones(2, 3, 4).shape()));
        Nd4j.getRandom().setSeed(c.seed());
        LOG.info("randn(3, 4) =\n{}", Nd4j.randn(DataType.FLOAT, 3, 4));
        INDArray Y = Nd4j.create(new float[][] {{2, 1, 4, 3}, {1, 2, 3, 4}, {4, 3, 2, 1}});
        LOG.info("from nested Java arrays =\n{}", Y);

        // 2.1.2 Operations
        INDArray a = Nd4j.createFromArray(1f, 2f, 4f, 8f);
        INDArray b = Nd4j.createFromArray(2f, 2f, 2f, 2f);
        INDArray power = Transforms.pow(a, b, true);
        LOG.info(
                "x + y = {}, x - y = {}, x * y = {}, x / y = {}, x ** y = {}",
                a.add(b),
                a.sub(b),
                a.mul(b),
                a.div(b),
                power);
        LOG.info("exp(x) = {}", Transforms.exp(a, true));
        INDArray catRows = Nd4j.concat(0, X, Y);
        INDArray catCols = Nd4j.concat(1, X, Y);
        LOG.info("cat(dim=0) =\n{}\ncat(dim=1) =\n{}", catRows, catCols);
        INDArray equal = X.eq(Y);
        LOG.info("X == Y =\n{}\nX < Y =\n{}\nX > Y =\n{}", equal, X.lt(Y), X.gt(Y));
        double sum = X.sumNumber().doubleValue();
        LOG.info("X.sum() = {}", sum);

        // 2.1.3 Broadcasting: (3, 1) + (1, 2) -> (3, 2), and a 3-D case (exercise)
        INDArray col = Nd4j.arange(3).castTo(DataType.FLOAT).reshape(3, 1);
        INDArray row = Nd4j.arange(2).castTo(DataType.FLOAT).reshape(1, 2);
        INDArray broadcast = col.add(row);
        INDArray cube = Nd4j.ones(DataType.FLOAT, 2, 3, 1).add(Nd4j.ones(DataType.FLOAT, 1, 3, 4));
        LOG.info("a + b =\n{}\n(2, 3, 1) + (1, 3, 4) -> {}", broadcast, Arrays.toString(cube.shape()));

        // 2.1.4 Indexing and slicing
        LOG.info(
                "X[-1] = {}, X[1:3] =\n{}",
                X.getRow(X.rows() - 1),
                X.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()).dup()); // dup: M2.1 prints row views badly
        INDArray Xw = X.dup();
        Xw.putScalar(1, 2, 9);
        Xw.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).assign(12); // X[0:2, :] = 12
        LOG.info("after X[1, 2] = 9 and X[0:2, :] = 12:\n{}", Xw);

        // 2.1.5 Saving memory
        INDArray before = Y;
        INDArray Ysum = Y.add(X); // Y = Y + X: a new array
        boolean newBuffer =
                Ysum != before && Ysum.data().address() != before.data().address();
        INDArray Z = Nd4j.zerosLike(Y);
        long zAddress = Z.data().address();
        Z.get(NDArrayIndex.all(), NDArrayIndex.all()).assign(X.add(Y)); // Z[:] = X + Y
        boolean sameSlice = Z.data().address() == zAddress;
        INDArray Xi = X.dup();
        long xAddress = Xi.data().address();
        Xi.addi(Y); // X += Y
        boolean sameAddi = Xi.data().address() == xAddress;
        LOG.info(
                "Y = Y + X allocates: {}; Z[:] = X + Y keeps Z's buffer: {}; X += Y keeps X's: {}",
                newBuffer,
                sameSlice,
                sameAddi);

        // 2.1.6 Conversion to other Java objects
        float[][] A = X.toFloatMatrix();
        INDArray B = Nd4j.create(A);
        INDArray scalar = Nd4j.scalar(3.5f);
        float item = scalar.getFloat(0);
        LOG.info("float[][] -> INDArray: {}; a = {}, a.item() = {}, (int) a = {}", B.dataType(), scalar, item, (int)
                item);

        return new Result(
                x.shape(),
                x.length(),
                inferred.shape(),
                a.add(b).toDoubleVector(),
                power.toDoubleVector(),
                toBooleans(equal),
                catRows.toDoubleMatrix(),
                catCols.shape(),
                sum,
                broadcast.toDoubleMatrix(),
                cube.shape(),
                Xw.toDoubleMatrix(),
                newBuffer,
                sameSlice,
                sameAddi,
                item);
    }

    private static boolean[][] toBooleans(INDArray mask) {
        double[][] m = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        boolean[][] out = new boolean[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new boolean[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = m[i][j] != 0;
            }
        }
        return out;
    }
}
