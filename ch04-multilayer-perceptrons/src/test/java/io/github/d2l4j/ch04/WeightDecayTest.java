package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.train.TrainingDivergedException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class WeightDecayTest {
    @TempDir
    Path out;

    WeightDecay.Config config(int epochs) {
        return new WeightDecay.Config(20, 100, 200, 5, 0.003, epochs, new double[] {0, 3}, 1, out);
    }

    @Test
    void l2PenaltyIsHalfTheSquaredNorm() {
        SameDiff sd = SameDiff.create();
        assertThat(WeightDecay.l2Penalty(sd.constant(Nd4j.createFromArray(3f, -4f)))
                        .eval()
                        .getDouble(0))
                .isCloseTo(12.5, within(1e-6));
    }

    @Test
    void decayShrinksTheWeights() {
        WeightDecay.Result r = WeightDecay.run(config(20));
        assertThat(r.scratch().get(1).wNorm()).isLessThan(r.scratch().get(0).wNorm());
        assertThat(r.concise().get(1).wNorm()).isLessThan(r.concise().get(0).wNorm());
        assertThat(r.summary().toString()).contains("scratch_norm_w_lambda3=");
    }

    /** One SGD step with decay wd moves the weight by an extra -lr * wd * w and leaves the bias alone. */
    @Test
    void conciseDecaysTheWeightButNotTheBias() {
        WeightDecay.Config c = config(1);
        WeightDecay.Split data = WeightDecay.data(c);
        DataSet batch = data.train().next().copy();
        MultiLayerNetwork plain = WeightDecay.conciseNet(0, c);
        MultiLayerNetwork decayed = WeightDecay.conciseNet(3, c);
        decayed.setParams(plain.params().dup());
        INDArray w0 = plain.getParam("0_W").dup();
        plain.fit(batch);
        decayed.fit(batch);
        INDArray expected = plain.getParam("0_W").sub(w0.mul(0.003 * 3));
        assertThat(decayed.getParam("0_W").sub(expected).amaxNumber().doubleValue())
                .isLessThan(1e-5);
        assertThat(decayed.getParam("0_b").getDouble(0))
                .isCloseTo(plain.getParam("0_b").getDouble(0), within(1e-6));
    }

    @Test
    void negativeDecayIsRejected() {
        assertThatThrownBy(() -> new WeightDecay.Config(20, 100, 200, 5, 0.003, 100, new double[] {-1}, 1, out))
                .hasMessageContaining("weight decay must be non-negative");
    }

    /** A learning rate far too large, from scratch and with DL4J: each stops in the epoch it diverged. */
    @Test
    void aHugeLearningRateEndsInTheDivergenceException() {
        WeightDecay.Config c = new WeightDecay.Config(20, 100, 200, 5, 1e10, 3, new double[] {0}, 1, out);
        WeightDecay.Split data = WeightDecay.data(c);
        assertThatThrownBy(() -> WeightDecay.trainScratch(0, data, c))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch [123]: the training loss is (NaN|Infinity|-Infinity)");
        assertThatThrownBy(() -> WeightDecay.trainConcise(0, data, c))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch [123]: the training loss is (NaN|Infinity|-Infinity)");
    }
}
