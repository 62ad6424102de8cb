package io.github.d2l4j.ch06;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import io.github.d2l4j.common.model.Net;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.testing.OneDnnCheck;
import io.github.d2l4j.common.testing.TinyFashionMnist;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@ExtendWith(TinyFashionMnist.class)
class LeNetTest {
    private static final double LR = 0.9;

    @TempDir
    Path out;

    @Test
    void theWalkThroughGivesTheBooksShapes() {
        List<LayerShape> shapes = LayerShapes.of(LeNet.net(LR, 1), Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28));
        assertThat(shapes)
                .extracting(LayerShape::name)
                .containsExactly(
                        "ConvolutionLayer",
                        "SubsamplingLayer",
                        "ConvolutionLayer",
                        "SubsamplingLayer",
                        "Flatten",
                        "DenseLayer",
                        "DenseLayer",
                        "OutputLayer");
        assertThat(shapes)
                .extracting(LayerShape::shape)
                .containsExactly(
                        new long[] {1, 6, 28, 28},
                        new long[] {1, 6, 14, 14},
                        new long[] {1, 16, 10, 10},
                        new long[] {1, 16, 5, 5},
                        new long[] {1, 400},
                        new long[] {1, 120},
                        new long[] {1, 84},
                        new long[] {1, 10});
    }

    @Test
    void theBuiltNetworkRunsItsConvolutionsAndPoolsOnOneDnn() {
        MultiLayerNetwork net = LeNet.net(LR, 1);
        assertThat(net.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(net.getLayer(1).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
        assertThat(net.getLayer(2).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(net.getLayer(3).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
    }

    /** The same parameters in a network built without the workaround: DL4J's built-in path. */
    private static MultiLayerNetwork withoutHelpers(MultiLayerNetwork net) {
        MultiLayerNetwork plain =
                new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
        plain.init(net.params().dup(), true);
        assertThat(plain.getLayer(0).getHelper()).isNull();
        return plain;
    }

    private static INDArray[] batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray X = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7) % 10, 1);
        }
        return new INDArray[] {X, y};
    }

    @Test
    void oneDnnComputesWhatTheBuiltInPathComputes() {
        MultiLayerNetwork fast = LeNet.net(LR, 2);
        MultiLayerNetwork plain = withoutHelpers(fast);
        INDArray[] b = batch(32, 3);
        OneDnnCheck.assertSameAsBuiltIn(fast, plain, b[0], b[1]);
    }

    /** The oracle: on the same weights, one SGD step of each variant gives the same loss and parameters. */
    @Test
    void scratchAndConciseTakeTheSameStep() {
        MultiLayerNetwork dl4j = LeNet.net(LR, 4);
        SameDiffNet scratch = LeNetScratch.net(LeNetScratch.fromDl4j(dl4j), LR);
        INDArray[] b = batch(64, 5);
        NdAssert.assertClose("outputs", softmax(scratch.forward(b[0])), dl4j.output(b[0]), 1e-4);

        Net.Step concise = new Dl4jNet(dl4j).trainStep(b[0], b[1]);
        Net.Step own = scratch.trainStep(b[0], b[1]);
        assertThat(own.lossSum()).isCloseTo(concise.lossSum(), within(1e-4 * 64));
        assertThat(own.lossSum() / 64).isCloseTo(concise.lossSum() / 64, within(1e-4));

        Map<String, INDArray> after = LeNetScratch.fromDl4j(dl4j);
        scratch.params()
                .forEach(p ->
                        NdAssert.assertClose("after one step: " + p.name(), p.getArr(), after.get(p.name()), 1e-4));
    }

    private static INDArray softmax(INDArray logits) {
        return Nd4j.nn().softmax(logits, 1);
    }

    @Test
    void theBooksInitialisation() {
        Map<String, INDArray> p = LeNetScratch.initParams(7);
        // Xavier-uniform bound sqrt(6 / (fan_in + fan_out)): conv1 25 + 150, fc1 400 + 120
        assertThat(p.get("W1").amaxNumber().doubleValue()).isLessThanOrEqualTo(Math.sqrt(6.0 / 175));
        assertThat(p.get("W1").amaxNumber().doubleValue()).isGreaterThan(0.8 * Math.sqrt(6.0 / 175));
        assertThat(p.get("W3").amaxNumber().doubleValue()).isLessThanOrEqualTo(Math.sqrt(6.0 / 520));
        // PyTorch's bias bound 1 / sqrt(fan_in)
        assertThat(p.get("b3").amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / Math.sqrt(400));
        assertThat(p.get("b3").amaxNumber().doubleValue()).isGreaterThan(0.5 / Math.sqrt(400));
        MultiLayerNetwork net = LeNet.net(LR, 7);
        INDArray convBias = net.getLayer(0).getParam("b");
        assertThat(convBias.amaxNumber().doubleValue()).isPositive().isLessThanOrEqualTo(1 / Math.sqrt(25));
    }

    @Test
    void theSectionTrainsBothVariants() {
        LeNet.Config c = LeNet.Config.from(new RunOptions(2, 64, null, 1L, out, null, null));
        LeNet.Result r = LeNet.run(c);
        assertThat(r.shapes()).hasSize(8);
        for (var t : new io.github.d2l4j.common.train.TrainCh3.Result[] {r.concise(), r.scratch()}) {
            assertThat(t.epochs()).hasSize(2);
            assertThat(t.last().trainLoss()).isFinite().isPositive();
            assertThat(t.examplesPerSec()).isPositive();
        }
        assertThat(out.resolve("6.6-concise.png")).exists();
        assertThat(out.resolve("6.6-scratch.png")).exists();
        assertThat(r.summary().toString()).contains("scratch_test_acc=", "test_acc=");
    }
}
