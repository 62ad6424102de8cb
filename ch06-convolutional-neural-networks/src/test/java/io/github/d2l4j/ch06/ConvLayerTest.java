package io.github.d2l4j.ch06;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.train.TrainingDivergedException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvLayerTest {
    private static final ConvLayer.Result RUN = ConvLayer.run(ConvLayer.Config.from(RunOptions.none()));

    @Test
    void corr2dGivesTheBooksValuesWithLoopsAndNatively() {
        INDArray expected = Nd4j.createFromArray(new float[][] {{19, 25}, {37, 43}});
        NdAssert.assertClose("corr2d with loops", RUN.corr2d(), expected, 0);
        NdAssert.assertClose("ND4J's conv2d", RUN.conv2d(), expected, 1e-5);
    }

    @Test
    void nativeConvolutionMatchesTheLoopsOnRandomData() {
        Nd4j.getRandom().setSeed(3);
        INDArray X = Nd4j.rand(DataType.FLOAT, 7, 9);
        INDArray K = Nd4j.randn(DataType.FLOAT, 3, 2);
        NdAssert.assertClose("7x9 by 3x2", ConvLayer.corr2dNative(X, K), ConvLayer.corr2d(X, K), 1e-5);
    }

    @Test
    void theKernelFindsTheVerticalEdgesOnly() {
        assertThat(RUN.edges().shape()).containsExactly(6, 7);
        for (int row = 0; row < 6; row++) {
            assertThat(RUN.edges().getRow(row).toIntVector()).containsExactly(0, 1, 0, 0, 0, -1, 0);
        }
        assertThat(RUN.edgesTransposed().shape()).containsExactly(8, 5);
        assertThat(RUN.edgesTransposed().amaxNumber().doubleValue()).isZero();
    }

    @Test
    void theConv2DBlockIsCorr2dPlusItsBias() {
        Nd4j.getRandom().setSeed(1);
        ConvLayer.Conv2D conv = new ConvLayer.Conv2D(1, 2);
        INDArray X = Nd4j.rand(DataType.FLOAT, 4, 5);
        assertThat(conv.parameter("bias").getDouble(0)).isZero(); // the book's zeros(1)
        conv.parameter("bias").assign(0.5);
        INDArray expected = ConvLayer.corr2d(X, conv.parameter("weight")).add(0.5);
        NdAssert.assertClose("Conv2D((1, 2))(X)", conv.apply(X), expected, 1e-5);
    }

    /** SameDiff's gradient of the summed squared error through corr2d, against finite differences. */
    @Test
    void theScratchGradientIsRight() {
        INDArray X = ConvLayer.edgeImage();
        INDArray Y = RUN.edges();
        INDArray K = Nd4j.createFromArray(new float[][] {{0.3f, -0.2f}});
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", K.dup());
        SDVariable loss =
                ConvLayer.corr2d(sd.constant(X), w).sub(sd.constant(Y)).pow(2).sum();
        sd.setLossVariables(loss);
        INDArray grad = sd.calculateGradients(Map.of(), "w").get("w");
        GradientCheck.assertGradient(
                "d loss / d K",
                grad,
                k -> {
                    INDArray diff = ConvLayer.corr2d(X, k).sub(Y);
                    return diff.mul(diff).sumNumber().doubleValue();
                },
                K,
                1e-2,
                1e-3,
                1e-3);
    }

    @Test
    void bothWaysLearnTheEdgeKernel() {
        for (ConvLayer.Learned learned : new ConvLayer.Learned[] {RUN.scratch(), RUN.concise()}) {
            assertThat(learned.kernel()[0]).isCloseTo(1, within(0.1));
            assertThat(learned.kernel()[1]).isCloseTo(-1, within(0.1));
            assertThat(learned.losses()).hasSize(5); // printed every 2 of 10 iterations
            assertThat(learned.losses().get(4)).isLessThan(learned.losses().get(0) / 10);
        }
    }

    /** The DL4J layer with the L2 loss takes the book's steps: same losses, same kernel. */
    @Test
    void dl4jTakesTheSameStepsAsTheScratchLoop() {
        for (int i = 0; i < 5; i++) {
            assertThat(RUN.concise().losses().get(i))
                    .isCloseTo(RUN.scratch().losses().get(i), within(1e-4));
        }
        assertThat(RUN.concise().kernel()[0]).isCloseTo(RUN.scratch().kernel()[0], within(1e-5));
        assertThat(RUN.concise().kernel()[1]).isCloseTo(RUN.scratch().kernel()[1], within(1e-5));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new ConvLayer.Config(0, 10, 1)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new ConvLayer.Config(0.1, 0, 1)).hasMessageContaining("iterations");
    }

    /** A learning rate far too large: learning the kernel stops in the iteration it diverged. */
    @Test
    void aHugeLearningRateEndsInTheDivergenceException() {
        INDArray X = ConvLayer.edgeImage();
        INDArray Y = ConvLayer.corr2d(X, Nd4j.createFromArray(new float[][] {{1, -1}}));
        INDArray start = Nd4j.createFromArray(new float[][] {{0.5f, 0.5f}});
        assertThatThrownBy(() -> ConvLayer.learnScratch(X, Y, start, 1e30, 10))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch \\d+: the training loss is (NaN|Infinity|-Infinity)");
        assertThatThrownBy(() -> ConvLayer.learnConcise(X, Y, start, 1e30, 10, 1))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch \\d+: the training loss is (NaN|Infinity|-Infinity)");
    }
}
