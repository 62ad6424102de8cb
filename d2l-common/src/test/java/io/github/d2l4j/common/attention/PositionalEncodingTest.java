package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.seq2seq.Dropout;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** 10.6's positional encoding: the book's printed values, the forward pass, dropout and gradients. */
class PositionalEncodingTest {

    private static INDArray columns6to9(INDArray P, int row) {
        return P.get(NDArrayIndex.point(0), NDArrayIndex.point(row), NDArrayIndex.interval(6, 10));
    }

    @Test
    void theBooksValuesForEncodingDim32() {
        // encoding_dim, num_steps = 32, 60, as the section's demo
        PositionalEncoding pos = new PositionalEncoding(32, 0);
        INDArray P = pos.P();
        assertThat(P.shape()).containsExactly(1, 1000, 32);
        assertThat(P.dataType()).isEqualTo(DataType.FLOAT);
        INDArray row0 = P.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.interval(0, 4));
        NdAssert.assertClose("P[0, 0, :4]", row0, Nd4j.createFromArray(0f, 1f, 0f, 1f), 1e-7);
        // the book prints 4 decimals
        NdAssert.assertClose(
                "P[0, 1, 6:10]", columns6to9(P, 1), Nd4j.createFromArray(0.1769f, 0.9842f, 0.0998f, 0.9950f), 6e-5);
        NdAssert.assertClose(
                "P[0, 59, 6:10]",
                columns6to9(P, 59),
                Nd4j.createFromArray(-0.8758f, -0.4827f, -0.3739f, 0.9275f),
                6e-5);
    }

    @Test
    void columnsAreSineAndCosineOfTheSameFrequency() {
        INDArray P = new PositionalEncoding(16, 0, 50).P();
        for (int i : new int[] {0, 7, 49}) {
            for (int j = 0; j < 16; j += 2) {
                double x = i / Math.pow(10000, j / 16.0);
                assertThat(P.getDouble(0, i, j)).as("P[0, %d, %d]", i, j).isCloseTo(Math.sin(x), within(1e-6));
                assertThat(P.getDouble(0, i, j + 1))
                        .as("P[0, %d, %d]", i, j + 1)
                        .isCloseTo(Math.cos(x), within(1e-6));
            }
        }
    }

    @Test
    void evaluationAddsTheFirstStepsOfP() {
        Nd4j.getRandom().setSeed(1);
        PositionalEncoding pos = new PositionalEncoding(32, 0.5);
        pos.eval(); // no dropout, although the block has some
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 60, 32);
        INDArray out = pos.apply(X);
        INDArray P60 = pos.P().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 60), NDArrayIndex.all());
        assertThat(out.shape()).containsExactly(2, 60, 32);
        NdAssert.assertClose("X + P[:, :60]", out, X.add(P60.broadcast(2, 60, 32)), 1e-6);
    }

    @Test
    void aSingleStepGetsPositionZeroAsInTheBooksPrediction() {
        PositionalEncoding pos = new PositionalEncoding(8, 0.1).eval();
        SameDiff sd = SameDiff.create();
        INDArray token = Nd4j.zeros(DataType.FLOAT, 1, 1, 8);
        INDArray out = pos.forward(sd.constant(token), 1).eval();
        // P[0, 0] is (0, 1, 0, 1, ...), whichever step of the translation this token is
        NdAssert.assertClose("P[:, :1]", out.reshape(8), Nd4j.createFromArray(0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f), 1e-7);
    }

    @Test
    void trainingDropsElementsOfXPlusPAndScalesTheRest() {
        Nd4j.getRandom().setSeed(2);
        PositionalEncoding pos = new PositionalEncoding(8, 0.5, 20);
        assertThat(pos.isTraining())
                .as("a new block trains, as a PyTorch module does")
                .isTrue();
        INDArray out = pos.apply(Nd4j.ones(DataType.FLOAT, 3, 5, 8));
        INDArray kept = pos.P()
                .get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5), NDArrayIndex.all())
                .add(1)
                .mul(2)
                .broadcast(3, 5, 8);
        int zeros = 0;
        for (long i = 0; i < out.length(); i++) {
            double o = out.getDouble(i);
            if (o == 0) {
                zeros++;
            } else {
                assertThat(o).as("element %d: (1 + P) / (1 - 0.5)", i).isCloseTo(kept.getDouble(i), within(1e-5));
            }
        }
        // 120 elements, each dropped with probability 0.5
        assertThat(zeros).isBetween(30, 90);
    }

    @Test
    void gradientsMatchCentralDifferencesWithAFixedDropoutMask() {
        Nd4j.getRandom().setSeed(3);
        PositionalEncoding pos = new PositionalEncoding(6, 0.3, 10);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 6);
        SameDiff probe = SameDiff.create();
        pos.forward(probe.placeHolder("X", DataType.FLOAT, -1, 4, 6), 4);
        Map<String, INDArray> draws = Dropout.draws(probe, 2);
        assertThat(draws).hasSize(1);
        int checked = BlockGradients.check(x, Map.of(), draws, (sd, X) -> pos.forward(X, 4));
        assertThat(checked).isEqualTo(1);
        // and without dropout
        BlockGradients.check(
                x,
                Map.of(),
                Map.of(),
                (sd, X) -> new PositionalEncoding(6, 0).eval().forward(X, 4));
    }

    @Test
    void theBinaryPrintoutOf0To7() {
        String[] lines = IntStream.range(0, 8)
                .mapToObj(i -> i + "的二进制是：" + PositionalEncoding.binary(i, 3))
                .toArray(String[]::new);
        assertThat(lines[0]).isEqualTo("0的二进制是：000");
        assertThat(lines[5]).isEqualTo("5的二进制是：101");
        assertThat(lines[7]).isEqualTo("7的二进制是：111");
        assertThatThrownBy(() -> PositionalEncoding.binary(8, 3)).hasMessageContaining("i 8, bits 3");
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThatThrownBy(() -> new PositionalEncoding(33, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even")
                .hasMessageContaining("33");
        assertThatThrownBy(() -> new PositionalEncoding(32, 1.0)).hasMessageContaining("1.0");
        PositionalEncoding pos = new PositionalEncoding(4, 0, 10);
        assertThatThrownBy(() -> pos.apply(Nd4j.ones(DataType.FLOAT, 1, 11, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLen 10")
                .hasMessageContaining("11");
    }
}
