package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 10.2 at the book's settings (50 points, 5 epochs: under a second): the book's figures, the
 * shapes, a loss that falls, weights sharper after training, and the gradient of w against central
 * differences.
 */
class NadarayaWatsonTest {

    /** The mean over rows of each row's largest weight: 1 for one key per query, 1/m for uniform. */
    private static double meanRowMax(INDArray weights) {
        return weights.max(1).meanNumber().doubleValue();
    }

    @Test
    void theBooksRunGivesItsFiguresAndLearnsASharperKernel(@TempDir Path dir) {
        NadarayaWatson.Config c = new NadarayaWatson.Config(50, 0.5, 5, 42, dir);
        NadarayaWatson.Result r = NadarayaWatson.run(c);

        assertThat(r.nTest()).isEqualTo(50);
        assertThat(r.bmmShape()).containsExactly(2, 1, 6);
        NdAssert.assertClose(
                "bmm of 0.1 weights and arange(20)",
                r.bmmWeighted(),
                Nd4j.createFromArray(4.5f, 14.5f).reshape(2, 1, 1),
                1e-6);
        assertThat(r.keysShape()).containsExactly(50, 49);
        assertThat(r.averagePrediction().shape()).containsExactly(50);
        assertThat(r.nonparametricWeights().shape()).containsExactly(50, 50);
        assertThat(r.parametricWeights().shape()).containsExactly(50, 50);
        assertThat(r.parametricPrediction().shape()).containsExactly(50);
        NdAssert.assertClose(
                "rows of the weights", r.nonparametricWeights().sum(1), Nd4j.ones(DataType.FLOAT, 50), 1e-5);
        NdAssert.assertClose("rows of the weights", r.parametricWeights().sum(1), Nd4j.ones(DataType.FLOAT, 50), 1e-5);

        assertThat(r.losses()).hasSize(5);
        assertThat(r.losses()[4]).isLessThan(r.losses()[0] * 0.8);
        for (int i = 1; i < 5; i++) {
            assertThat(r.losses()[i]).as("loss of epoch %d", i + 1).isLessThan(r.losses()[i - 1]);
        }
        assertThat(r.w()).isGreaterThan(1); // a narrower kernel than the nonparametric w = 1
        assertThat(meanRowMax(r.parametricWeights())).isGreaterThan(2 * meanRowMax(r.nonparametricWeights()));

        assertThat(r.plots())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "10.2-average.png",
                        "10.2-nonparametric.png",
                        "10.2-nonparametric-heatmap.png",
                        "10.2-train.png",
                        "10.2-parametric.png",
                        "10.2-parametric-heatmap.png");
        assertThat(r.plots()).allSatisfy(p -> assertThat(p).isRegularFile());
        assertThat(r.summary().toString())
                .startsWith("n_test=50 epochs=5 first_loss=")
                .contains("parametric-heatmap=" + dir.resolve("10.2-parametric-heatmap.png"));
    }

    @Test
    void theDataAreTheBooks() {
        Nd4j.getRandom().setSeed(7);
        NadarayaWatson.Data d = NadarayaWatson.data(50);
        double[] x = d.xTrain().toDoubleVector();
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).isBetween(0.0, 5.0);
            if (i > 0) {
                assertThat(x[i]).isGreaterThanOrEqualTo(x[i - 1]);
            }
        }
        assertThat(d.xTest().length()).isEqualTo(50);
        assertThat(d.xTest().getDouble(1)).isCloseTo(0.1, within(1e-6));
        assertThat(d.xTest().getDouble(49)).isCloseTo(4.9, within(1e-6));
        // f(x) = 2 sin x + x^0.8
        assertThat(d.yTruth().getDouble(10)).isCloseTo(2 * Math.sin(1.0) + 1.0, within(1e-5));
        INDArray noise = d.yTrain().sub(NadarayaWatson.f(d.xTrain()));
        assertThat(noise.stdNumber().doubleValue()).isBetween(0.3, 0.7); // N(0, 0.5)
    }

    @Test
    void leaveOneOutDropsTheDiagonal() {
        INDArray keys = NadarayaWatson.leaveOneOut(Nd4j.createFromArray(1f, 2f, 3f, 4f));
        NdAssert.assertClose(
                "leave-one-out of [1, 2, 3, 4]",
                keys,
                Nd4j.createFromArray(new float[][] {{2, 3, 4}, {1, 3, 4}, {1, 2, 4}, {1, 2, 3}}),
                0);
    }

    /** With w = 1 the model's weights are the nonparametric Gaussian kernel's. */
    @Test
    void theModelWithWOneIsTheNonparametricKernel() {
        Nd4j.getRandom().setSeed(3);
        NadarayaWatson.Data d = NadarayaWatson.data(20);
        INDArray keys = Nd4j.tile(d.xTrain().reshape(1, 20), 50, 1);
        INDArray values = Nd4j.tile(d.yTrain().reshape(1, 20), 50, 1);
        var net = new NadarayaWatson.NWKernelRegression(Nd4j.ones(DataType.FLOAT, 1));
        Map<String, INDArray> out = net.forward(d.xTest(), keys, values);
        INDArray expected = NadarayaWatson.softmaxRows(d.xTest()
                .reshape(50, 1)
                .sub(keys)
                .mul(d.xTest().reshape(50, 1).sub(keys))
                .div(-2));
        NdAssert.assertClose("weights at w = 1", out.get("attention_weights"), expected, 1e-5);
        NdAssert.assertClose(
                "prediction at w = 1",
                out.get("y_hat"),
                expected.mmul(d.yTrain().reshape(20, 1)).reshape(50),
                1e-4);
    }

    /** SameDiff's gradient of the summed loss with respect to w, against central differences. */
    @Test
    void theGradientOfWMatchesCentralDifferences() {
        Nd4j.getRandom().setSeed(5);
        NadarayaWatson.Data d = NadarayaWatson.data(12);
        INDArray keys = NadarayaWatson.leaveOneOut(d.xTrain());
        INDArray values = NadarayaWatson.leaveOneOut(d.yTrain());
        for (float w0 : new float[] {0.3f, 1.7f}) {
            var net = new NadarayaWatson.NWKernelRegression(Nd4j.createFromArray(w0));
            INDArray analytic =
                    net.lossAndGradient(d.xTrain(), keys, values, d.yTrain()).get("w");
            GradientCheck.assertGradient(
                    "d loss / d w at " + w0,
                    analytic,
                    w -> new NadarayaWatson.NWKernelRegression(w)
                            .lossAndGradient(d.xTrain(), keys, values, d.yTrain())
                            .get("loss")
                            .getDouble(0),
                    Nd4j.createFromArray(w0),
                    1e-2,
                    1e-2,
                    1e-3);
        }
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThatThrownBy(() -> new NadarayaWatson.Config(1, 0.5, 5, 42, Path.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nTrain must be at least 2, got 1");
        assertThatThrownBy(() -> new NadarayaWatson.Config(50, -1, 5, 42, Path.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThat(NadarayaWatson.Config.from(RunOptions.none()))
                .isEqualTo(new NadarayaWatson.Config(50, 0.5, 5, 42, RunOptions.DEFAULT_OUT));
    }
}
