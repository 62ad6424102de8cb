package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.testing.TinyFashionMnist;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

@ExtendWith(TinyFashionMnist.class)
class MlpScratchTest {
    @TempDir
    Path out;

    static INDArray[] params(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new INDArray[] {
            Nd4j.randn(DataType.FLOAT, 784, 256).muli(0.01),
            Nd4j.randn(DataType.FLOAT, 256).muli(0.01),
            Nd4j.randn(DataType.FLOAT, 256, 10).muli(0.01),
            Nd4j.randn(DataType.FLOAT, 10).muli(0.01)
        };
    }

    static DataSet batch(int n) {
        return FashionMnist.iterator(FashionMnist.load(TinyFashionMnist.dir(), true), n, false, 0)
                .next()
                .copy();
    }

    @Test
    void handWrittenReluMatchesSameDiffs() {
        SameDiff sd = SameDiff.create();
        INDArray x = Nd4j.createFromArray(-1f, 0f, 2f, -3f, 4f);
        assertThat(MlpScratch.relu(sd.constant(x)).eval().toFloatVector()).containsExactly(0f, 0f, 2f, 0f, 4f);
    }

    /**
     * SameDiff's gradients against backpropagation written out (dO = softmax(O) - y, through the
     * ReLU's 0/1 derivative) for every parameter, and against finite differences where the loss
     * is smooth (W2 and b2, after the ReLU; W1's loss crosses ReLU kinks within any useful h).
     */
    @Test
    void gradientsMatchBackpropAndFiniteDifferences() {
        INDArray[] p = params(1);
        DataSet d = batch(16);
        SameDiffNet net = MlpScratch.net(p[0], p[1], p[2], p[3], 0.1);
        Map<String, INDArray> g = net.gradients(d.getFeatures(), d.getLabels());

        INDArray X = d.getFeatures().reshape(16, 784);
        INDArray Z = X.mmul(p[0]).addRowVector(p[1]);
        INDArray H = Transforms.relu(Z, true);
        INDArray O = H.mmul(p[2]).addRowVector(p[3]);
        INDArray e = Transforms.exp(O.subColumnVector(O.max(true, 1)), false);
        INDArray dO = e.divColumnVector(e.sum(true, 1)).subi(d.getLabels());
        INDArray dZ = dO.mmul(p[2].transpose()).muli(Z.gt(0).castTo(DataType.FLOAT));
        assertClose("dW2", g.get("W2"), H.transpose().mmul(dO));
        assertClose("db2", g.get("b2"), dO.sum(0));
        assertClose("dW1", g.get("W1"), X.transpose().mmul(dZ));
        assertClose("db1", g.get("b1"), dZ.sum(0));

        // W2[10, 3] and W2[200, 9] as flat indices into (256, 10); b2[0] and b2[7]
        GradientCheck.assertGradient(
                "dL/dW2",
                g.get("W2"),
                W2 -> MlpScratch.net(p[0], p[1], W2, p[3], 0.1).loss(d.getFeatures(), d.getLabels()),
                p[2],
                1e-2,
                1e-3,
                2e-4,
                103,
                2009);
        GradientCheck.assertGradient(
                "dL/db2",
                g.get("b2"),
                b2 -> MlpScratch.net(p[0], p[1], p[2], b2, 0.1).loss(d.getFeatures(), d.getLabels()),
                p[3],
                1e-2,
                1e-3,
                2e-4,
                0,
                7);
    }

    /** Every element within 1e-4 of the largest expected magnitude, in the expected shape. */
    static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-6);
        NdAssert.assertClose(what, actual.reshape(expected.shape()), expected, 0, 1e-4 * scale);
    }

    /** The same weights in both: the same loss, and the same weights after one SGD step. */
    @Test
    void scratchAndConciseAgree() {
        INDArray[] p = params(2);
        DataSet d = batch(32);
        SameDiffNet scratch = MlpScratch.net(p[0], p[1], p[2], p[3], 0.1);
        MultiLayerNetwork concise = MlpConcise.net(0.1, 1);
        concise.setParam("0_W", p[0]);
        concise.setParam("0_b", p[1].reshape(1, 256));
        concise.setParam("1_W", p[2]);
        concise.setParam("1_b", p[3].reshape(1, 10));
        assertThat(concise.score(d)).isCloseTo(scratch.loss(d.getFeatures(), d.getLabels()) / 32, within(1e-5));
        scratch.trainStep(d.getFeatures(), d.getLabels());
        concise.fit(d);
        String[] names = {"0_W", "0_b", "1_W", "1_b"};
        for (int i = 0; i < 4; i++) {
            INDArray s = scratch.params().get(i).getArr();
            assertThat(concise.getParam(names[i])
                            .reshape(s.shape())
                            .sub(s)
                            .amaxNumber()
                            .doubleValue())
                    .as(names[i])
                    .isLessThan(1e-5);
        }
    }

    @Test
    void bothLearnTheTinyProblem() {
        MlpScratch.Result s = MlpScratch.run(new MlpScratch.Config(64, 0.1, 3, 1, out));
        assertThat(s.training().last().testAcc()).isGreaterThanOrEqualTo(0.9);
        assertThat(out.resolve("4.2-predict.png")).exists();
        TrainCh3.Result c = MlpConcise.run(new MlpConcise.Config(64, 0.1, 3, 1, out));
        assertThat(c.last().testAcc()).isGreaterThanOrEqualTo(0.9);
        assertThat(c.summary().line("4.3")).startsWith("result section=4.3 epochs=3");
    }

    @Test
    void badConfigIsRejected() {
        assertThatThrownBy(() -> new MlpScratch.Config(0, 0.1, 10, 1, out)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new MlpConcise.Config(256, 0, 10, 1, out)).hasMessageContaining("learning rate");
    }
}
