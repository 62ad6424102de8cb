package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** 10.3's masked softmax and both scoring functions: the book's demos, the mask's corners, bad input. */
class AttentionScoringTest {

    @Test
    void maskedSoftmaxWithOneValidLengthPerBatchElementZeroesTheSameKeysOfEveryQuery() {
        Nd4j.getRandom().setSeed(1);
        INDArray P = MaskedSoftmax.maskedSoftmax(Nd4j.rand(DataType.FLOAT, 2, 2, 4), Nd4j.createFromArray(2, 3));
        int[] valid = {2, 3};
        for (int b = 0; b < 2; b++) {
            for (int q = 0; q < 2; q++) {
                assertRow(P, b, q, valid[b]);
            }
        }
    }

    @Test
    void maskedSoftmaxWithOneValidLengthPerQueryZeroesEachRowOnItsOwn() {
        Nd4j.getRandom().setSeed(2);
        INDArray P = MaskedSoftmax.maskedSoftmax(Nd4j.rand(DataType.FLOAT, 2, 2, 4), Nd4j.createFromArray(new int[][] {
            {1, 3}, {2, 4}
        }));
        assertRow(P, 0, 0, 1);
        assertThat(P.getDouble(0, 0, 0)).isEqualTo(1.0); // the book's [1, 0, 0, 0]
        assertRow(P, 0, 1, 3);
        assertRow(P, 1, 0, 2);
        assertRow(P, 1, 1, 4);
    }

    @Test
    void aRowWithoutValidKeysIsUniformAndALengthAboveTheKeysMasksNothing() {
        Nd4j.getRandom().setSeed(3);
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        INDArray P = MaskedSoftmax.maskedSoftmax(X, Nd4j.createFromArray(0, 9));
        // the book's -1e6 fill: every score equal, so 1/5 each, not zeros and not NaN
        NdAssert.assertClose(
                "valid length 0", P.get(NDArrayIndex.point(0)), Nd4j.valueArrayOf(new long[] {3, 5}, 0.2f), 1e-6);
        INDArray plain = MaskedSoftmax.maskedSoftmax(X, null);
        NdAssert.assertClose(
                "valid length 9 of 5", P.get(NDArrayIndex.point(1)), plain.get(NDArrayIndex.point(1)), 1e-6);
        INDArray e = Nd4j.math().exp(X.get(NDArrayIndex.point(1)).castTo(DataType.DOUBLE));
        NdAssert.assertClose(
                "plain softmax",
                plain.get(NDArrayIndex.point(1)).castTo(DataType.DOUBLE),
                e.divColumnVector(e.sum(1).reshape(3, 1)),
                1e-6);
    }

    @Test
    void inDoublePrecisionTooARowWithoutValidKeysIsUniform() {
        // SameDiff M2.1's own softmax gives NaN here in double (right in float): MaskedSoftmax writes it out
        INDArray P = MaskedSoftmax.maskedSoftmax(Nd4j.randn(DataType.DOUBLE, 1, 2, 4), Nd4j.createFromArray(0));
        NdAssert.assertClose("valid length 0", P, Nd4j.valueArrayOf(new long[] {1, 2, 4}, 0.25), 1e-12);
    }

    @Test
    void additiveAttentionAveragesTheValidValuesOfIdenticalKeys() {
        Nd4j.getRandom().setSeed(4);
        INDArray queries = Nd4j.randn(DataType.FLOAT, 2, 1, 20);
        AdditiveAttention attention = new AdditiveAttention(2, 20, 8, 0.1);
        attention.eval();
        Attention.Output o = attention.apply(queries, keys(), values(), Nd4j.createFromArray(2, 6));
        assertBookDemo(o);
    }

    @Test
    void dotProductAttentionGivesTheSameDemoOutput() {
        Nd4j.getRandom().setSeed(5);
        INDArray queries = Nd4j.randn(DataType.FLOAT, 2, 1, 2);
        DotProductAttention attention = new DotProductAttention(0.5);
        attention.eval();
        assertBookDemo(attention.apply(queries, keys(), values(), Nd4j.createFromArray(2, 6)));
    }

    @Test
    void dotProductScoresAreScaledByTheSquareRootOfTheQuerySize() {
        INDArray q = Nd4j.createFromArray(new float[][][] {{{1, 2, 0, 1}}});
        INDArray k = Nd4j.createFromArray(new float[][][] {{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}}});
        INDArray v = Nd4j.eye(3).castTo(DataType.FLOAT).reshape(1, 3, 3);
        Attention.Output o = new DotProductAttention(0).apply(q, k, v, null);
        double[] s = {1 / 2.0, 2 / 2.0, 1 / 2.0}; // q . k / sqrt(4)
        double z = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[2]);
        INDArray expected = Nd4j.createFromArray(Math.exp(s[0]) / z, Math.exp(s[1]) / z, Math.exp(s[2]) / z)
                .reshape(1, 1, 3);
        NdAssert.assertClose("weights", o.attentionWeights().castTo(DataType.DOUBLE), expected, 1e-6);
        NdAssert.assertClose("output = weights V", o.output().castTo(DataType.DOUBLE), expected, 1e-6);
    }

    @Test
    void inTrainingTheKeptWeightsAreThoseBeforeDropout() {
        Nd4j.getRandom().setSeed(6);
        INDArray queries = Nd4j.randn(DataType.FLOAT, 2, 1, 20);
        AdditiveAttention attention = new AdditiveAttention(2, 20, 8, 0.5);
        assertThat(attention.isTraining()).isTrue(); // PyTorch's modules start in training mode
        Attention.Output o = attention.apply(queries, keys(), values(), Nd4j.createFromArray(2, 6));
        assertThat(o.attentionWeights().getDouble(0, 0, 0))
                .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(o.attentionWeights().getDouble(1, 0, 5))
                .isCloseTo(1 / 6.0, org.assertj.core.api.Assertions.within(1e-6));
        // the output saw dropped weights: each is 0 or twice the kept weight, so no longer the valid values' mean
        INDArray mean = Nd4j.createFromArray(new float[][][] {{{2, 3, 4, 5}}, {{10, 11, 12, 13}}});
        assertThat(o.output().equalsWithEps(mean, 1e-4))
                .as("output %s", o.output())
                .isFalse();
    }

    @Test
    void aTrainingGraphWithDropoutNeedsTheNumbersOfQueriesAndKeys() {
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.placeHolder("q", DataType.FLOAT, -1, 1, 4).add(0); // computed: no static shape
        SDVariable kv = sd.placeHolder("kv", DataType.FLOAT, -1, 3, 4).add(0);
        DotProductAttention attention = new DotProductAttention(0.1);
        assertThatThrownBy(() -> attention.forward(q, kv, kv, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numbers of queries and keys")
                .hasMessageContaining("-1");
        assertThat(attention.forward(q, kv, kv, null, 1, 3)).isNotNull();
        attention.eval();
        assertThat(attention.forward(q, kv, kv, null)).isNotNull(); // no dropout, no sizes needed
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> MaskedSoftmax.maskedSoftmax(Nd4j.rand(2, 4), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> MaskedSoftmax.maskedSoftmax(Nd4j.rand(2, 3, 4), Nd4j.createFromArray(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3]")
                .hasMessageContaining("[2, 3, 4]");
        assertThatThrownBy(() -> MaskedSoftmax.maskedSoftmax(Nd4j.rand(2, 3, 4), Nd4j.ones(DataType.INT32, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> new AdditiveAttention(2, 0, 8, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query size 0");
        assertThatThrownBy(() -> new DotProductAttention(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.0");
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.placeHolder("q", DataType.FLOAT, -1, 1, 4);
        assertThatThrownBy(() -> new DotProductAttention(0).forward(q, null, q, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys");
    }

    /** keys ones((2, 10, 2)), as in the book's demo. */
    static INDArray keys() {
        return Nd4j.ones(DataType.FLOAT, 2, 10, 2);
    }

    /** values arange(40).reshape(1, 10, 4).repeat(2, 1, 1), as in the book's demo. */
    static INDArray values() {
        return Nd4j.repeat(Nd4j.arange(40).castTo(DataType.FLOAT).reshape(1, 10, 4), 2)
                .reshape(2, 10, 4);
    }

    private static void assertBookDemo(Attention.Output o) {
        INDArray expected = Nd4j.createFromArray(new float[][][] {{{2, 3, 4, 5}}, {{10, 11, 12, 13}}});
        NdAssert.assertClose("output", o.output(), expected, 1e-5);
        INDArray w = Nd4j.zeros(DataType.FLOAT, 2, 1, 10);
        w.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.interval(0, 2))
                .assign(0.5);
        w.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 6))
                .assign(1 / 6.0);
        NdAssert.assertClose("attention weights", o.attentionWeights(), w, 1e-6);
    }

    /** Row (b, q) of P sums to 1, is positive on its first {@code valid} keys and exactly 0 after. */
    private static void assertRow(INDArray P, int b, int q, int valid) {
        INDArray row = P.get(NDArrayIndex.point(b), NDArrayIndex.point(q), NDArrayIndex.all());
        assertThat(row.sumNumber().doubleValue())
                .as("row (%d, %d) sum", b, q)
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        for (int k = 0; k < row.length(); k++) {
            if (k < valid) {
                assertThat(row.getDouble(k)).as("(%d, %d, %d)", b, q, k).isPositive();
            } else {
                assertThat(row.getDouble(k)).as("(%d, %d, %d)", b, q, k).isZero();
            }
        }
    }
}
