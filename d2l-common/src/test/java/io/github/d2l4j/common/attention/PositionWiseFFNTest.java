package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.NdAssert;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** 10.7's position-wise FFN: the book's demo, the formula, gradients. */
class PositionWiseFFNTest {

    @Test
    void theBooksDemoGivesIdenticalRowsForIdenticalPositions() {
        Nd4j.getRandom().setSeed(21);
        PositionWiseFFN ffn = new PositionWiseFFN(4, 4, 8);
        INDArray out = ffn.apply(Nd4j.ones(DataType.FLOAT, 2, 3, 4));
        assertThat(out.shape()).containsExactly(2, 3, 8);
        INDArray first = out.get(NDArrayIndex.point(0));
        for (int t = 1; t < 3; t++) {
            assertThat(first.getRow(t)).as("row %d of ffn(X)[0]", t).isEqualTo(first.getRow(0));
        }
        // relu(x W1^T + b1) W2^T + b2 on the row of ones
        INDArray x = Nd4j.ones(DataType.FLOAT, 1, 4);
        INDArray h = Transforms.relu(x.mmul(ffn.dense1().weight().transpose())
                .addRowVector(ffn.dense1().bias()));
        INDArray expected = h.mmul(ffn.dense2().weight().transpose())
                .addRowVector(ffn.dense2().bias());
        NdAssert.assertClose("the MLP", first.getRow(0).reshape(1, 8), expected, 1e-6);
        assertThat(ffn.namedParameters())
                .containsOnlyKeys("dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias");
    }

    @Test
    void eachPositionIsTransformedOnItsOwn() {
        Nd4j.getRandom().setSeed(22);
        PositionWiseFFN ffn = new PositionWiseFFN(3, 5, 2);
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 4, 3);
        INDArray out = ffn.apply(X);
        assertThat(out.shape()).containsExactly(2, 4, 2);
        INDArray alone =
                ffn.apply(X.get(NDArrayIndex.point(1), NDArrayIndex.point(2)).reshape(1, 1, 3));
        NdAssert.assertClose(
                "position (1, 2) alone", alone.reshape(2), out.get(NDArrayIndex.point(1), NDArrayIndex.point(2)), 1e-6);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Nd4j.getRandom().setSeed(23);
        PositionWiseFFN ffn = new PositionWiseFFN(3, 5, 4);
        int checked = BlockGradients.check(
                Nd4j.rand(DataType.FLOAT, 2, 3, 3).subi(0.5),
                ffn.namedParameters(),
                Map.of(),
                (sd, X) -> ffn.forward(X));
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void theEncoderBlockDemosPartsCount14280WithTheAttention() {
        // EncoderBlock(24, 24, 24, 24, [100, 24], 24, 48, 8, 0.5): FFN 24 -> 48 -> 24 and two
        // AddNorm([100, 24]); its MultiHeadAttention has four 24 x 24 projections without bias
        long ffn = count(new PositionWiseFFN(24, 48, 24).namedParameters());
        long addNorm = count(new AddNorm(new long[] {100, 24}, 0.5).namedParameters());
        assertThat(ffn).isEqualTo(24 * 48 + 48 + 48 * 24 + 24);
        assertThat(addNorm).isEqualTo(2 * 100 * 24);
        assertThat(4 * 24 * 24 + ffn + 2 * addNorm).isEqualTo(14_280);
    }

    private static long count(Map<String, INDArray> params) {
        return params.values().stream().mapToLong(INDArray::length).sum();
    }

    @Test
    void badSizesAreAClearError() {
        assertThatThrownBy(() -> new PositionWiseFFN(4, 0, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4, 0, 8");
    }
}
