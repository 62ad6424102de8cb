package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.TinyFashionMnist;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

@ExtendWith(TinyFashionMnist.class)
class SoftmaxRegressionScratchTest {
    @TempDir
    Path out;

    @Test
    void softmaxRowsSumToOneAndAreProbabilities() {
        INDArray p = SoftmaxRegressionScratch.softmax(SameDiff.create().constant(Nd4j.randn(DataType.FLOAT, 2, 5)))
                .eval();
        assertThat(p.sum(1).toDoubleVector()).containsExactly(new double[] {1, 1}, within(1e-6));
        assertThat(p.minNumber().doubleValue()).isPositive();
    }

    @Test
    void crossEntropyPicksTheTrueClass() {
        SameDiff sd = SameDiff.create();
        INDArray yHat = Nd4j.create(new float[][] {{0.1f, 0.3f, 0.6f}, {0.3f, 0.2f, 0.5f}});
        INDArray y = SoftmaxRegressionScratch.oneHot(Nd4j.createFromArray(0L, 2L), 3);
        double[] ce = SoftmaxRegressionScratch.crossEntropy(sd.constant(yHat), sd.constant(y))
                .eval()
                .toDoubleVector();
        assertThat(ce).containsExactly(new double[] {2.3026, 0.6931}, within(1e-4));
        assertThatThrownBy(() -> SoftmaxRegressionScratch.oneHot(Nd4j.createFromArray(0L, 3L), 3))
                .hasMessageContaining("label 3 out of range");
    }

    private static DataSet batch(int n) {
        return FashionMnist.iterator(FashionMnist.load(TinyFashionMnist.dir(), true), n, false, 0)
                .next();
    }

    /** SameDiff's gradients against the hand-derived X^T (softmax - y) of 3.4, and finite differences. */
    @Test
    void gradientsMatchTheFormulaAndFiniteDifferences() {
        Nd4j.getRandom().setSeed(3);
        INDArray W0 = Nd4j.randn(DataType.FLOAT, 784, 10).muli(0.01);
        INDArray b0 = Nd4j.randn(DataType.FLOAT, 10).muli(0.01);
        SameDiffNet net = SoftmaxRegressionScratch.net(W0, b0, 0.1);
        DataSet d = batch(16);
        Map<String, INDArray> grads = net.gradients(d.getFeatures(), d.getLabels());

        INDArray X = d.getFeatures().reshape(16, 784);
        INDArray delta = net.forward(d.getFeatures()).sub(d.getLabels()); // softmax(o) - y, (16, 10)
        LinearRegressionScratchTest.assertRelClose(
                "dL/dW", grads.get("W"), X.transpose().mmul(delta), 1e-4);
        LinearRegressionScratchTest.assertRelClose("dL/db", grads.get("b"), delta.sum(0), 1e-4);

        // W[300, 2], W[405, 7] and W[600, 0], as flat indices into (784, 10)
        GradientCheck.assertGradient(
                "dL/dW",
                grads.get("W"),
                W -> SoftmaxRegressionScratch.net(W, b0, 0.1).loss(d.getFeatures(), d.getLabels()),
                W0,
                1e-2,
                1e-3,
                2e-4,
                3002,
                4057,
                6000);
    }

    @Test
    void runsTheWholeSectionOnTinyData() {
        SoftmaxRegressionScratch.Result r =
                SoftmaxRegressionScratch.run(new SoftmaxRegressionScratch.Config(64, 0.1, 3, 1, out));
        assertThat(r.toyCrossEntropy()).containsExactly(new double[] {2.3026, 0.6931}, within(1e-4));
        assertThat(r.toyAccuracy()).isEqualTo(0.5);
        assertThat(r.untrainedAccuracy()).isBetween(0.0, 0.3);
        assertThat(r.training().last().testAcc()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.training().epochs().get(2).trainLoss())
                .isLessThan(r.training().epochs().get(0).trainLoss());
        assertThat(r.prediction().trues()).hasSize(6);
        assertThat(out.resolve("3.6-train.png")).exists();
        assertThat(out.resolve("3.6-predict.png")).exists();
        assertThat(r.summary().line("3.6")).startsWith("result section=3.6 epochs=3 train_loss=");
    }

    @Test
    void badConfigIsRejected() {
        assertThatThrownBy(() -> new SoftmaxRegressionScratch.Config(0, 0.1, 10, 1, out))
                .hasMessageContaining("batch size must be positive, got 0");
        assertThatThrownBy(() -> new SoftmaxRegressionScratch.Config(256, 0.1, 0, 1, out))
                .hasMessageContaining("number of epochs must be positive");
    }
}
