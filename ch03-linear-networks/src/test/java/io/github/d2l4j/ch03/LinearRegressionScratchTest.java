package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.Data;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainingDivergedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class LinearRegressionScratchTest {
    @TempDir
    Path out;

    private static DataSet data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Data.syntheticData(
                Nd4j.createFromArray(LinearRegressionScratch.TRUE_W), LinearRegressionScratch.TRUE_B, n);
    }

    @Test
    void syntheticDataFollowsTheModel() {
        DataSet d = data(1000, 1);
        assertThat(d.getFeatures().shape()).containsExactly(1000, 2);
        assertThat(d.getLabels().shape()).containsExactly(1000, 1);
        INDArray residual = d.getLabels()
                .sub(d.getFeatures()
                        .mmul(Nd4j.createFromArray(2f, -3.4f).reshape(2, 1))
                        .add(4.2));
        assertThat(residual.stdNumber().doubleValue()).isCloseTo(0.01, within(0.002));
    }

    @Test
    void dataIterCoversEveryExampleOnceWithAPartialLastBatch() {
        INDArray X = Nd4j.arange(25).castTo(DataType.FLOAT).reshape(25, 1);
        List<Integer> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (DataSet b : LinearRegressionScratch.dataIter(10, X, X.dup(), new Random(1))) {
            sizes.add(b.numExamples());
            for (double v : b.getFeatures().toDoubleVector()) {
                seen.add((int) v);
            }
        }
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen)
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 25).boxed().toList());
        assertThat(seen)
                .isNotEqualTo(java.util.stream.IntStream.range(0, 25).boxed().toList());
    }

    /** SameDiff's gradients against the analytic X^T(Xw + b - y) and central finite differences. */
    @Test
    void gradientsMatchAnalyticAndFiniteDifferences() {
        DataSet d = data(10, 2);
        INDArray w0 = Nd4j.createFromArray(0.5f, -0.3f).reshape(2, 1);
        INDArray b0 = Nd4j.createFromArray(0.1f);
        LinearRegressionScratch.Model m = LinearRegressionScratch.buildModel(w0, b0);
        Map<String, INDArray> feed = Map.of("X", d.getFeatures(), "y", d.getLabels());
        Map<String, INDArray> grads = m.sd().calculateGradients(feed, "w", "b");

        INDArray residual = d.getFeatures().mmul(w0).add(0.1).sub(d.getLabels()); // (10, 1)
        INDArray gw = d.getFeatures().transpose().mmul(residual);
        assertRelClose("dL/dw", grads.get("w"), gw, 1e-4);
        assertThat(grads.get("b").getDouble(0)).isCloseTo(residual.sumNumber().doubleValue(), within(1e-3));

        // the loss is quadratic: central differences are exact up to rounding
        GradientCheck.assertGradient(
                "dL/dw",
                grads.get("w"),
                w -> LinearRegressionScratch.buildModel(w, b0).meanLoss(d.getFeatures(), d.getLabels())
                        * d.getFeatures().size(0),
                w0,
                1e-2,
                1e-3,
                1e-4);
    }

    /** Every element within {@code rel} times the largest expected magnitude. */
    static void assertRelClose(String what, INDArray actual, INDArray expected, double rel) {
        NdAssert.assertClose(
                what, actual, expected, 0, rel * expected.amaxNumber().doubleValue());
    }

    @Test
    void lossDecreasesAndParametersAreRecoveredOnASmallProblem() {
        LinearRegressionScratch.Result r =
                LinearRegressionScratch.run(new LinearRegressionScratch.Config(200, 10, 0.03, 10, 3, out));
        assertThat(r.losses()[9]).isLessThan(r.losses()[0]).isLessThan(1e-3);
        assertThat(r.wError(0)).isCloseTo(0, within(0.02));
        assertThat(r.wError(1)).isCloseTo(0, within(0.02));
        assertThat(r.plot()).exists();
        assertThat(r.summary().line("3.2")).startsWith("result section=3.2 epochs=10 loss=");
    }

    /**
     * One SGD step from the same parameters on the same batch: the scratch loss has the ½ and
     * DL4J's MSE does not, so DL4J's loss is twice as large and its gradient too; DL4J at lr/2
     * lands on the same parameters.
     */
    @Test
    void scratchAndConciseAgreeAllowingForTheHalf() {
        DataSet batch = data(10, 4);
        INDArray w0 = Nd4j.createFromArray(0.01f, -0.02f).reshape(2, 1);
        INDArray b0 = Nd4j.createFromArray(0f);
        double lr = 0.03;

        LinearRegressionScratch.Model m = LinearRegressionScratch.buildModel(w0, b0);
        double scratchMeanLoss = m.meanLoss(batch.getFeatures(), batch.getLabels());
        Map<String, INDArray> grads =
                m.sd().calculateGradients(Map.of("X", batch.getFeatures(), "y", batch.getLabels()), "w", "b");
        Scratch.sgd(List.of(m.w(), m.b()), grads, lr, 10);

        MultiLayerNetwork net = LinearRegressionConcise.net(lr / 2, 1);
        net.setParam("0_W", w0);
        net.setParam("0_b", b0.reshape(1, 1));
        assertThat(net.score(batch)).isCloseTo(2 * scratchMeanLoss, within(1e-5 * scratchMeanLoss));
        net.fit(batch);
        assertRelClose("w after one step", net.getParam("0_W"), m.w().getArr(), 1e-5);
        assertThat(net.getParam("0_b").getDouble(0)).isCloseTo(m.b().getArr().getDouble(0), within(1e-5));
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new LinearRegressionScratch.Config(1000, 0, 0.03, 3, 1, out))
                .hasMessageContaining("batch size must be positive");
        assertThatThrownBy(() -> new LinearRegressionScratch.Config(1000, 10, -0.03, 3, 1, out))
                .hasMessageContaining("learning rate must be positive");
        assertThatThrownBy(() -> Data.syntheticData(Nd4j.createFromArray(1f), 0, 0))
                .hasMessageContaining("number of examples must be positive");
    }

    /** A learning rate far too large: the loss overflows, and the run stops in the epoch it did. */
    @Test
    void aHugeLearningRateEndsInTheDivergenceException() {
        assertThatThrownBy(
                        () -> LinearRegressionScratch.run(new LinearRegressionScratch.Config(200, 10, 1e10, 3, 3, out)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch \\d+: the training loss is (NaN|Infinity|-Infinity)");
    }
}
