package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.testing.TinyFashionMnist;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

@ExtendWith(TinyFashionMnist.class)
class DropoutTest {
    @TempDir
    Path out;

    Dropout.Config config(int epochs) {
        return new Dropout.Config(0.2, 0.5, 64, 0.5, epochs, 1, out);
    }

    static double droppedFraction(INDArray a) {
        return a.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    @Test
    void dropoutLayerKeepsExpectationAndDropsP() {
        INDArray X = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(2, 8).addi(1);
        assertThat(Dropout.dropoutLayer(X, 0).toDoubleMatrix()).isDeepEqualTo(X.toDoubleMatrix());
        assertThat(Dropout.dropoutLayer(X, 1).sumNumber().doubleValue()).isZero();
        INDArray half = Dropout.dropoutLayer(X, 0.5);
        for (int i = 0; i < 16; i++) {
            double v = half.getDouble(i / 8, i % 8);
            assertThat(v == 0 || v == 2 * X.getDouble(i / 8, i % 8)).isTrue();
        }
        INDArray big = Dropout.dropoutLayer(Nd4j.ones(DataType.FLOAT, 100_000), 0.3);
        assertThat(droppedFraction(big)).isCloseTo(0.3, within(0.01));
        assertThat(big.meanNumber().doubleValue()).isCloseTo(1, within(0.02));
        assertThatThrownBy(() -> Dropout.dropoutLayer(X, 1.5)).hasMessageContaining("must be in [0, 1]");
        assertThatThrownBy(() -> Dropout.dropoutLayer(X, -0.1)).hasMessageContaining("must be in [0, 1]");
    }

    /** The pitfall: DL4J's dropOut takes the retain probability, so check what really gets dropped. */
    @Test
    void conciseLayersDropTheBooksFractions() {
        MultiLayerNetwork net = Dropout.conciseNet(config(1));
        double[] expected = {0.2, 0.5}; // before the second dense layer and before the output layer
        for (int layer = 1; layer <= 2; layer++) {
            IDropout d = net.getLayer(layer).conf().getLayer().getIDropout();
            INDArray ones = Nd4j.ones(DataType.FLOAT, 200, 256);
            INDArray dropped = d.applyDropout(
                    ones, Nd4j.createUninitialized(DataType.FLOAT, 200, 256), 0, 0, LayerWorkspaceMgr.noWorkspaces());
            assertThat(droppedFraction(dropped)).as("layer %d", layer).isCloseTo(expected[layer - 1], within(0.02));
        }
        assertThat(net.getLayer(0).conf().getLayer().getIDropout()).isNull();
        assertThat(Dropout.retain(0.2)).isCloseTo(0.8, within(1e-12));
        assertThatThrownBy(() -> Dropout.retain(1)).hasMessageContaining("cannot drop everything");
    }

    @Test
    void scratchDropsOnlyInTraining() {
        SameDiffNet net = Dropout.scratchNet(config(1));
        DataSet d = FashionMnist.iterator(FashionMnist.load(TinyFashionMnist.dir(), true), 16, false, 0)
                .next()
                .copy();
        INDArray a = net.forward(d.getFeatures());
        INDArray b = net.forward(d.getFeatures());
        assertThat(a.sub(b).amaxNumber().doubleValue()).isZero(); // evaluation: deterministic
        INDArray t1 = net.trainStep(d.getFeatures(), d.getLabels()).yHat();
        assertThat(t1.sub(a).amaxNumber().doubleValue()).isPositive(); // training: masks applied
    }

    @Test
    void bothVariantsLearnTheTinyProblem() {
        Dropout.Result r = Dropout.run(config(10)); // three small-init layers start slowly
        assertThat(r.scratch().last().testAcc()).isGreaterThanOrEqualTo(0.9);
        assertThat(r.concise().last().testAcc()).isGreaterThanOrEqualTo(0.9);
        assertThat(r.demo().get(1.0)[0]).containsOnly(0);
        assertThatThrownBy(() -> new Dropout.Config(1.2, 0.5, 64, 0.5, 1, 1, out))
                .hasMessageContaining("[0, 1]");
    }
}
