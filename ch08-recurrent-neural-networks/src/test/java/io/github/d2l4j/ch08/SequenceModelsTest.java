package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;

class SequenceModelsTest {
    @TempDir
    Path out;

    @Test
    void featuresAreTheLastTauObservations() {
        SequenceModels.SeqData d = SequenceModels.data(1);
        assertThat(d.x().shape()).containsExactly(1000);
        assertThat(d.features().shape()).containsExactly(996, 4);
        assertThat(d.labels().shape()).containsExactly(996, 1);
        for (int i = 0; i < 4; i++) {
            NdAssert.assertClose(
                    "features[:, " + i + "]",
                    d.features().getColumn(i),
                    d.x().get(NDArrayIndex.interval(i, 996 + i)),
                    0);
        }
        NdAssert.assertClose("labels", d.labels().reshape(996), d.x().get(NDArrayIndex.interval(4, 1000)), 0);
        // sin(0.01 t) plus N(0, 0.2^2) noise: the residual's spread is the noise's
        INDArray noise =
                d.x().sub(org.nd4j.linalg.ops.transforms.Transforms.sin(d.time().mul(0.01)));
        assertThat(noise.stdNumber().doubleValue()).isBetween(0.18, 0.22);
    }

    @Test
    void kStepFeaturesFeedPredictionsBack() {
        SequenceModels.SeqData d = SequenceModels.data(2);
        MultiLayerNetwork net = SequenceModels.getNet(0.01, 2);
        INDArray f = SequenceModels.kStepFeatures(net, d.x(), 64);
        assertThat(f.shape()).containsExactly(933, 68);
        NdAssert.assertClose(
                "observed columns",
                f.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)),
                d.features().get(NDArrayIndex.interval(0, 933), NDArrayIndex.all()),
                0);
        for (int i : new int[] {4, 5, 30, 67}) {
            INDArray window =
                    f.get(NDArrayIndex.all(), NDArrayIndex.interval(i - 4, i)).dup();
            NdAssert.assertClose(
                    "column " + i, f.getColumn(i), net.output(window, false).reshape(933), 1e-6);
        }
    }

    @Test
    void multistepStartsAt604AndReadsOnlyItsOwnPredictions() {
        SequenceModels.SeqData d = SequenceModels.data(3);
        MultiLayerNetwork net = SequenceModels.getNet(0.01, 3);
        INDArray preds = SequenceModels.multistep(net, d.x(), 604);
        NdAssert.assertClose(
                "observed part", preds.get(NDArrayIndex.interval(0, 604)), d.x().get(NDArrayIndex.interval(0, 604)), 0);
        for (int i : new int[] {604, 605, 700, 999}) {
            INDArray window = preds.get(NDArrayIndex.interval(i - 4, i)).reshape(1, 4);
            assertThat(preds.getDouble(i)).isEqualTo(net.output(window, false).getDouble(0));
        }
        // the observations from 604 on are never read: changing them changes nothing
        INDArray changed = d.x().dup();
        changed.get(NDArrayIndex.interval(604, 1000)).assign(100);
        NdAssert.assertClose(
                "predictions without the later data", SequenceModels.multistep(net, changed, 604), preds, 0);
    }

    /**
     * One SGD step of lr 1 moves the parameters by minus DL4J's gradient: it must be the gradient
     * of the batch's summed squared error (no ½, no mean), the book's {@code l.sum().backward()}.
     */
    @Test
    void stepGradientIsThatOfTheSummedLoss() {
        SequenceModels.SeqData d = SequenceModels.data(4);
        MultiLayerNetwork net = SequenceModels.net(new Sgd(1.0), 4);
        INDArray X = d.features()
                .get(NDArrayIndex.interval(0, 16), NDArrayIndex.all())
                .dup();
        INDArray y =
                d.labels().get(NDArrayIndex.interval(0, 16), NDArrayIndex.all()).dup();
        INDArray params = net.params(); // a view of the network's parameters
        INDArray before = params.dup();
        INDArray numeric = GradientCheck.numericGradientInPlace(params, () -> summedLoss(net, X, y), 1e-3);
        // summed loss by hand: the per-example scores are (y - yHat)^2
        INDArray yHat = net.output(X, false);
        assertThat(summedLoss(net, X, y))
                .isCloseTo(
                        yHat.sub(y).muli(yHat.sub(y)).sumNumber().doubleValue(),
                        org.assertj.core.api.Assertions.within(1e-4));
        net.fit(new DataSet(X, y));
        INDArray step = before.sub(net.params()).castTo(DataType.DOUBLE);
        NdAssert.assertClose("SGD(1) step vs numeric gradient of the summed loss", step, numeric, 2e-2);
    }

    private static double summedLoss(MultiLayerNetwork net, INDArray X, INDArray y) {
        return net.scoreExamples(new DataSet(X, y), false).sumNumber().doubleValue();
    }

    /** 190 Adam steps, a second or two: the inventory's band at epoch 5, and learning on the way. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42})
    void trainsIntoTheBookBand(long seed) {
        SequenceModels.Result r = SequenceModels.run(new SequenceModels.Config(5, 16, 0.01, seed, out));
        assertThat(r.losses()).hasSize(5);
        assertThat(r.losses()[4]).isBetween(0.04, 0.07);
        assertThat(r.losses()[4]).isLessThan(r.losses()[0]);
        assertThat(r.plots()).hasSize(4).allSatisfy(p -> assertThat(p).exists());
        assertThat(r.plots().get(3).getFileName().toString()).isEqualTo("8.1-ksteps.png");
        assertThat(r.summary().toString()).contains("epochs=5").contains("loss=");
    }

    @Test
    void badSettingsFailBeforeAnyWork() {
        assertThatThrownBy(() -> new SequenceModels.Config(0, 16, 0.01, 1, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceModels.Config(5, 0, 0.01, 1, out))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
