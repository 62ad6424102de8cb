package io.github.d2l4j.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.Net;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.testing.IdxFixtures;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The shared loop trains both kinds of model on a tiny generated problem. */
class TrainCh3Test {
    @TempDir
    Path dir;

    private DataSetIterator[] tinyData() throws Exception {
        Path data = IdxFixtures.writeFashionMnist(dir.resolve("data"), 500, 200, true, 7);
        return new DataSetIterator[] {
            FashionMnist.iterator(FashionMnist.read(data, "train"), 50, true, 1),
            FashionMnist.iterator(FashionMnist.read(data, "t10k"), 50, false, 1)
        };
    }

    @Test
    void dl4jNetworkLearnsTheTinyProblem() throws Exception {
        DataSetIterator[] it = tinyData();
        MultiLayerNetwork net = softmaxDl4j(1);
        TrainCh3.Result one = TrainCh3.trainCh3(new Dl4jNet(net), it[0], it[1], 1, dir.resolve("one.png"));
        assertThat(one.epochs()).hasSize(1); // a one-epoch run still draws its axes
        TrainCh3.Result r = TrainCh3.trainCh3(new Dl4jNet(net), it[0], it[1], 5, dir.resolve("dl4j.png"));
        assertThat(r.epochs()).hasSize(5);
        assertThat(r.last().testAcc()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.last().trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
        assertThat(dir.resolve("dl4j.png")).exists();
    }

    /** No plot asked for: the run trains, writes no file, and its summary has no plot field. */
    @Test
    void trainsWithoutAPlot() throws Exception {
        DataSetIterator[] it = tinyData();
        Nd4j.getRandom().setSeed(4);
        TrainCh3.Result r =
                TrainCh3.trainCh3(softmaxNet(Nd4j.randn(DataType.FLOAT, 784, 10).muli(0.01), 1), it[0], it[1], 2, null);
        assertThat(r.epochs()).hasSize(2);
        assertThat(r.plot()).isNull();
        assertThat(r.summary().toString()).contains("test_acc=").doesNotContain("plot");
        try (var files = java.nio.file.Files.walk(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".png") || p.endsWith(".svg"));
        }
    }

    /** Steps that climb the loss (a negative rate): it overflows, and the run stops naming the epoch. */
    @Test
    void aDivergedRunStopsNamingTheEpoch() throws Exception {
        DataSetIterator[] it = tinyData();
        Nd4j.getRandom().setSeed(5);
        // gradient ascent, and a loss without clipping: log(0) = -inf
        SameDiffNet.Updater ascent =
                (p, g, n) -> p.forEach(v -> v.getArr().addi(g.get(v.name()).mul(1e4 / n)));
        Net net = softmaxNet(Nd4j.randn(DataType.FLOAT, 784, 10).muli(0.01), 1, ascent);
        assertThatThrownBy(() -> TrainCh3.trainCh3(net, it[0], it[1], 5, dir.resolve("diverged.png")))
                .isInstanceOfSatisfying(
                        TrainingDivergedException.class,
                        e -> assertThat(e.epoch()).isBetween(1, 5))
                .hasMessageContaining("training diverged in epoch")
                .hasMessageMatching(".*the training loss is (NaN|Infinity|-Infinity)");
    }

    /** The book's sd.loss ops default to a mean: the hand-written updaters would divide twice. */
    @Test
    void aMeanLossIsRejectedWithTheRemedy() {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 784);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 10);
        SDVariable W = sd.var("W", Nd4j.zeros(DataType.FLOAT, 784, 10));
        SDVariable logits = X.mmul(W);
        SDVariable yHat = sd.nn.softmax("yHat", logits, 1);
        SameDiffNet.Updater sgd = (p, g, n) -> Scratch.sgd(p, g, 0.1, n);
        SDVariable mean = sd.loss.softmaxCrossEntropy("meanLoss", y, logits, null);
        assertThatThrownBy(() -> new SameDiffNet(sd, X, y, yHat, mean, List.of(W), sgd))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the loss 'meanLoss' is a mean")
                .hasMessageContaining("LossReduce.SUM");
        SDVariable manualMean = sd.math.log(yHat.mul(y).sum(1)).neg().mean("manualMean");
        assertThatThrownBy(() -> new SameDiffNet(sd, X, y, yHat, manualMean, List.of(W), sgd))
                .hasMessageContaining("the loss 'manualMean' is a mean (reduce_mean)");
        SDVariable summed =
                sd.loss.softmaxCrossEntropy("sumLoss", y, logits, null, org.nd4j.autodiff.loss.LossReduce.SUM, 0.0);
        assertThat(new SameDiffNet(sd, X, y, yHat, summed, List.of(W), sgd)).isNotNull();
    }

    /** 3.7's network: softmax regression in DL4J, weights N(0, 0.01^2), SGD at 0.1. */
    private static MultiLayerNetwork softmaxDl4j(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(0.1))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .weightInit(new NormalDistribution(0, 0.01))
                        .build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        return net;
    }

    /** A softmax regression graph whose loss is sum(l) times {@code scale}. */
    private static SameDiffNet softmaxNet(INDArray W0, double scale) {
        return softmaxNet(W0, scale, (params, grads, n) -> Scratch.sgd(params, grads, 0.1, n));
    }

    private static SameDiffNet softmaxNet(INDArray W0, double scale, SameDiffNet.Updater updater) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 10);
        SDVariable W = sd.var("W", W0.dup());
        SDVariable yHat = sd.nn.softmax("yHat", X.reshape(-1, 784).mmul(W), 1);
        SDVariable l = sd.math.log(yHat.mul(y).sum(1)).neg();
        SDVariable loss = scale == 1 ? l.sum("loss") : l.sum().mul("loss", scale);
        return new SameDiffNet(sd, X, y, yHat, loss, List.of(W), updater);
    }

    /**
     * The one-pass step (outputs captured during the gradient computation) against the plain path
     * that a non-sum loss takes (a separate forward pass): same loss, outputs and update.
     */
    @Test
    void onePassStepAgreesWithTheTwoPassStep() throws Exception {
        DataSetIterator[] it = tinyData();
        org.nd4j.linalg.dataset.DataSet batch = it[0].next().copy();
        Nd4j.getRandom().setSeed(2);
        INDArray W0 = Nd4j.randn(DataType.FLOAT, 784, 10).muli(0.01);
        SameDiffNet onePass = softmaxNet(W0, 1);
        SameDiffNet twoPass = softmaxNet(W0, 1.0000001); // not a plain sum: the fallback path
        Net.Step a = onePass.trainStep(batch.getFeatures(), batch.getLabels());
        Net.Step b = twoPass.trainStep(batch.getFeatures(), batch.getLabels());
        assertThat(a.lossSum()).isCloseTo(b.lossSum(), within(1e-4));
        assertThat(a.yHat().sub(b.yHat()).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(onePass.params()
                        .get(0)
                        .getArr()
                        .sub(twoPass.params().get(0).getArr())
                        .amaxNumber()
                        .doubleValue())
                .isLessThan(1e-6);
        // the captured loss is the one before the update
        assertThat(a.lossSum()).isCloseTo(softmaxNet(W0, 1).loss(batch.getFeatures(), batch.getLabels()), within(1e-3));
    }

    /**
     * Dl4jNet takes the step's outputs from fit's own forward pass: they must be the outputs
     * before the update, and the network's loss function must be its own again afterwards.
     */
    @Test
    void dl4jStepReportsThePreUpdateOutputsAndRestoresTheLoss() throws Exception {
        DataSetIterator[] it = tinyData();
        org.nd4j.linalg.dataset.DataSet batch = it[0].next().copy();
        MultiLayerNetwork net = softmaxDl4j(3);
        var lossBefore = ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
                        net.getOutputLayer().conf().getLayer())
                .getLossFn();
        INDArray before = net.output(batch.getFeatures(), false);
        double scoreBefore = net.score(batch) * batch.numExamples();
        Net.Step step = new Dl4jNet(net).trainStep(batch.getFeatures(), batch.getLabels());
        assertThat(step.lossSum()).isCloseTo(scoreBefore, within(1e-3));
        assertThat(Metrics.classIndices(step.yHat())).containsExactly(Metrics.classIndices(before));
        assertThat(((org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
                                net.getOutputLayer().conf().getLayer())
                        .getLossFn())
                .isSameAs(lossBefore);
    }

    @Test
    void sameDiffScratchNetLearnsTheTinyProblemAndPredicts() throws Exception {
        DataSetIterator[] it = tinyData();
        Nd4j.getRandom().setSeed(1);
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 10);
        SDVariable W = sd.var("W", Nd4j.randn(DataType.FLOAT, 784, 10).muli(0.01));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, 10));
        SDVariable yHat = sd.nn.softmax("yHat", X.reshape(-1, 784).mmul(W).add(b), 1);
        SDVariable loss = sd.math.log(yHat.mul(y).sum(1)).neg().sum("loss");
        Net net = new SameDiffNet(
                sd, X, y, yHat, loss, List.of(W, b), (params, grads, n) -> Scratch.sgd(params, grads, 0.1, n));
        TrainCh3.Result r = TrainCh3.trainCh3(net, it[0], it[1], 5, dir.resolve("scratch.png"));
        assertThat(r.last().testAcc()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.secPerEpoch()).isPositive();

        TrainCh3.Prediction p = TrainCh3.predictCh3(net, it[1], 6, dir.resolve("predict.png"));
        assertThat(p.trues()).hasSize(6).containsExactly("t-shirt", "trouser", "pullover", "dress", "coat", "sandal");
        assertThat(p.preds()).hasSize(6);
        assertThat(dir.resolve("predict.png")).exists();
    }
}
