package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BilinearResizeTest {

    /** The oracle is torch.nn.functional.interpolate(x, size=4, mode='bilinear', align_corners=False). */
    @Test
    void matchesTorchBilinearOnA2x2Image() {
        INDArray x = Nd4j.create(
                new float[] {0, 1, 2, 3}, new long[] {1, 1, 2, 2}, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = BilinearResize.resize(x, 4, 4);
        float[][] expected = {
            {0f, 0.25f, 0.75f, 1f}, {0.5f, 0.75f, 1.25f, 1.5f}, {1.5f, 1.75f, 2.25f, 2.5f}, {2f, 2.25f, 2.75f, 3f}
        };
        assertThat(y.shape()).containsExactly(1, 1, 4, 4);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(y.getFloat(0, 0, r, c)).as("(%d,%d)", r, c).isCloseTo(expected[r][c], within(1e-6f));
            }
        }
    }

    @Test
    void constantImageStaysConstant() {
        INDArray y = BilinearResize.resize(Nd4j.ones(2, 1, 28, 28).muli(0.5), 64, 64);
        assertThat(y.shape()).containsExactly(2, 1, 64, 64);
        assertThat(y.minNumber().doubleValue()).isCloseTo(0.5, within(1e-6));
        assertThat(y.maxNumber().doubleValue()).isCloseTo(0.5, within(1e-6));
    }
}
