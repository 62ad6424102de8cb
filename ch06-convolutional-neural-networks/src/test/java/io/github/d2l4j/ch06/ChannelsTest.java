package io.github.d2l4j.ch06;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelsTest {
    private static final Channels.Result RUN = Channels.run(Channels.Config.from(RunOptions.none()));

    @Test
    void multiInputGivesTheBooksValues() {
        NdAssert.assertClose(
                "corr2d_multi_in", RUN.multiIn(), Nd4j.createFromArray(new float[][] {{56, 72}, {104, 120}}), 0);
    }

    @Test
    void threeOutputChannelsGiveTheBooksValues() {
        INDArray expected = Nd4j.createFromArray(new float[][][] {
            {{56, 72}, {104, 120}},
            {{76, 100}, {148, 172}},
            {{96, 128}, {192, 224}}
        });
        NdAssert.assertClose("corr2d_multi_in_out", RUN.multiInOut(), expected, 0);
        NdAssert.assertClose("ND4J's conv2d", RUN.conv2d(), expected, 1e-4);
    }

    @Test
    void oneByOneConvolutionIsAMatrixProduct() {
        assertThat(RUN.oneByOneGap()).isLessThan(1e-6);
    }

    @Test
    void loopsAndNativeOpAgreeOnRandomChannels() {
        Nd4j.getRandom().setSeed(9);
        INDArray X = Nd4j.randn(DataType.FLOAT, 4, 6, 5);
        INDArray K = Nd4j.randn(DataType.FLOAT, 3, 4, 3, 2);
        NdAssert.assertClose("(3, 4, 3, 2) kernel", Channels.conv2d(X, K), Channels.corr2dMultiInOut(X, K), 1e-4);
    }
}
