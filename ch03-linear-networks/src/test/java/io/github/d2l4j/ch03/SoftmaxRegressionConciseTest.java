package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.testing.TinyFashionMnist;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

@ExtendWith(TinyFashionMnist.class)
class SoftmaxRegressionConciseTest {
    @TempDir
    Path out;

    /** Same weights, same batch: same loss, and the same parameters after one SGD step. */
    @Test
    void scratchAndConciseAgree() {
        DataSet d = FashionMnist.iterator(FashionMnist.load(TinyFashionMnist.dir(), true), 32, false, 0)
                .next();
        Nd4j.getRandom().setSeed(5);
        INDArray W0 = Nd4j.randn(DataType.FLOAT, 784, 10).muli(0.01);
        INDArray b0 = Nd4j.randn(DataType.FLOAT, 10).muli(0.01);

        SameDiffNet scratch = SoftmaxRegressionScratch.net(W0, b0, 0.1);
        MultiLayerNetwork concise = SoftmaxRegressionConcise.net(0.1, 1);
        concise.setParam("0_W", W0);
        concise.setParam("0_b", b0.reshape(1, 10));

        double scratchLoss = scratch.loss(d.getFeatures(), d.getLabels()) / 32;
        assertThat(concise.score(d)).isCloseTo(scratchLoss, within(1e-5));

        scratch.trainStep(d.getFeatures(), d.getLabels());
        concise.fit(d);
        INDArray W = scratch.params().get(0).getArr();
        INDArray b = scratch.params().get(1).getArr();
        assertThat(concise.getParam("0_W").sub(W).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(concise.getParam("0_b").reshape(10).sub(b).amaxNumber().doubleValue())
                .isLessThan(1e-5);
        assertThat(W.sub(W0).amaxNumber().doubleValue()).isGreaterThan(1e-4); // the step did move
    }

    @Test
    void trainsOnTinyData() {
        TrainCh3.Result r = SoftmaxRegressionConcise.run(new SoftmaxRegressionConcise.Config(64, 0.1, 3, 1, out));
        assertThat(r.last().testAcc()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.summary().line("3.7")).startsWith("result section=3.7 epochs=3");
        assertThat(out.resolve("3.7-train.png")).exists();
    }
}
