package io.github.d2l4j.ch06;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.RunOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

class PaddingAndStridesTest {

    @Test
    void theFourSettingsGiveTheBooksShapes() {
        List<long[]> shapes = PaddingAndStrides.run(PaddingAndStrides.Config.from(RunOptions.none()))
                .shapes();
        assertThat(shapes).hasSize(4);
        assertThat(shapes.get(0)).containsExactly(8, 8); // k3, p1
        assertThat(shapes.get(1)).containsExactly(8, 8); // k5x3, p2x1
        assertThat(shapes.get(2)).containsExactly(4, 4); // k3, p1, s2
        assertThat(shapes.get(3)).containsExactly(2, 2); // k3x5, p0x1, s3x4
    }

    /** The book's formula floor((n - k + 2p + s) / s), and ND4J's native op, agree with DL4J's layer. */
    @Test
    void theFormulaAndTheNativeOpAgree() {
        var X = Nd4j.rand(DataType.FLOAT, 1, 1, 8, 8);
        for (PaddingAndStrides.Setting s : PaddingAndStrides.SETTINGS) {
            long[] formula = new long[2];
            for (int d = 0; d < 2; d++) {
                formula[d] = (8 - s.kernel()[d] + 2L * s.padding()[d] + s.stride()[d]) / s.stride()[d];
            }
            var out = Nd4j.cnn()
                    .conv2d(
                            X,
                            Nd4j.rand(DataType.FLOAT, s.kernel()[0], s.kernel()[1], 1, 1),
                            Conv2DConfig.builder()
                                    .kH(s.kernel()[0])
                                    .kW(s.kernel()[1])
                                    .pH(s.padding()[0])
                                    .pW(s.padding()[1])
                                    .sH(s.stride()[0])
                                    .sW(s.stride()[1])
                                    .build());
            long[] layer = PaddingAndStrides.compConv2d(PaddingAndStrides.conv2d(s, 1), X.reshape(8, 8))
                    .shape();
            assertThat(layer).as("%s", s).containsExactly(formula);
            assertThat(new long[] {out.size(2), out.size(3)}).as("%s", s).containsExactly(formula);
        }
    }
}
