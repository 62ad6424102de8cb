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

    /** The native op against bilinear interpolation written out (half-pixel centres, edges clamped). */
    @Test
    void nativeOpMatchesTheFormulaOnRandomImages() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 28, 28);
        for (int[] size : new int[][] {{65, 65}, {96, 96}, {224, 224}, {40, 50}}) {
            io.github.d2l4j.common.testing.NdAssert.assertClose(
                    size[0] + "x" + size[1],
                    BilinearResize.resize(x, size[0], size[1]),
                    reference(x, size[0], size[1]),
                    1e-5);
        }
    }

    @Test
    void aBatchThatIsNotImagesIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BilinearResize.resize(Nd4j.ones(4, 784), 8, 8))
                .hasMessageContaining("rank 2");
    }

    private static INDArray reference(INDArray images, int outH, int outW) {
        int planes = (int) (images.size(0) * images.size(1));
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        float[] src = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .dup('c')
                .data()
                .asFloat();
        float[] dst = new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < outH; oy++) {
                double sy = Math.max(0, (oy + 0.5) * h / outH - 0.5);
                int y0 = Math.min((int) sy, h - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                double fy = sy - y0;
                for (int ox = 0; ox < outW; ox++) {
                    double sx = Math.max(0, (ox + 0.5) * w / outW - 0.5);
                    int x0 = Math.min((int) sx, w - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    double fx = sx - x0;
                    int base = p * h * w;
                    double top = src[base + y0 * w + x0] * (1 - fx) + src[base + y0 * w + x1] * fx;
                    double bottom = src[base + y1 * w + x0] * (1 - fx) + src[base + y1 * w + x1] * fx;
                    dst[(p * outH + oy) * outW + ox] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return Nd4j.create(
                dst,
                new long[] {images.size(0), images.size(1), outH, outW},
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }
}
