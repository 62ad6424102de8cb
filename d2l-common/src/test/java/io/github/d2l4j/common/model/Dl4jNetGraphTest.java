package io.github.d2l4j.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.testing.IdxFixtures;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.train.TrainCh3;
import io.github.d2l4j.common.train.TrainCh6;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A {@code ComputationGraph} through the book's loop: a residual block (convolution, batch norm,
 * ReLU, convolution, added to its input) as chapter 7's branching networks build it.
 */
class Dl4jNetGraphTest {
    @TempDir
    Path dir;

    static ComputationGraph residual(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .graphBuilder()
                .addInputs("X")
                .setInputTypes(InputType.convolutional(28, 28, 1))
                .addLayer(
                        "conv0",
                        new ConvolutionLayer.Builder(3, 3).nOut(4).stride(2, 2).build(),
                        "X")
                .addLayer(
                        "conv1",
                        new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).build(),
                        "conv0")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "conv1")
                .addLayer(
                        "relu1",
                        new ActivationLayer.Builder()
                                .activation(Activation.RELU)
                                .build(),
                        "bn1")
                .addLayer(
                        "conv2",
                        new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).build(),
                        "relu1")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "conv2", "conv0")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(10)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "add") // flattened by the preprocessor that setInputTypes adds
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void theGraphsConvolutionsAndBatchNormGetOneDnnHelpers() {
        ComputationGraph graph = residual(1);
        new Dl4jNet(graph);
        assertThat(graph.getLayer("conv1").getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(graph.getLayer("bn1").getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
        assertThat(graph.getLayer("out").getHelper()).isNull();
    }

    /** The step's loss and outputs are fit's own: the same as a copy computes before the update. */
    @Test
    void aStepReportsFitsOwnLossAndOutputs() {
        ComputationGraph graph = residual(2);
        new Dl4jNet(graph); // helpers first, so that the copy has the same path
        ComputationGraph copy = graph.clone();
        Nd4j.getRandom().setSeed(3);
        INDArray X = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1);
        }
        copy.setInputs(X);
        copy.setLabels(y);
        copy.computeGradientAndScore();
        double before = copy.score();
        INDArray probabilities = copy.outputSingle(true, X);

        var step = new Dl4jNet(graph).trainStep(X, y);
        assertThat(step.lossSum() / 16).isCloseTo(before, within(1e-5));
        NdAssert.assertClose("softmax of the recorded outputs", Nd4j.nn().softmax(step.yHat(), 1), probabilities, 1e-5);
        assertThat(graph.params().equalsWithEps(copy.params(), 1e-6))
                .as("the step changed the parameters")
                .isFalse();
    }

    @Test
    void trainCh6TrainsAGraph() throws Exception {
        Path data = IdxFixtures.writeFashionMnist(dir.resolve("data"), 500, 200, true, 7);
        DataSetIterator train = FashionMnist.iterator(FashionMnist.read(data, "train"), 50, true, 1);
        DataSetIterator test = FashionMnist.iterator(FashionMnist.read(data, "t10k"), 50, false, 1);
        TrainCh3.Result r = TrainCh6.trainCh6(new Dl4jNet(residual(4)), train, test, 4, null);
        assertThat(r.last().trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
        assertThat(r.last().trainAcc()).isGreaterThan(0.3);
    }

    @Test
    void aGraphWithTwoOutputsIsRefused() {
        ComputationGraph two = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("X")
                .addLayer("a", new OutputLayer.Builder().nIn(3).nOut(2).build(), "X")
                .addLayer("b", new OutputLayer.Builder().nIn(3).nOut(2).build(), "X")
                .setOutputs("a", "b")
                .build());
        two.init();
        assertThatThrownBy(() -> new Dl4jNet(two)).hasMessageContaining("one input and one output");
        assertThatThrownBy(() -> new Dl4jNet(residual(5)).network()).isInstanceOf(IllegalStateException.class);
    }
}
