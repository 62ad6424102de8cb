package io.github.d2l4j.common.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.NdAssert;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The workaround for DL4J M2.1's disabled oneDNN helpers: the build under test has oneDNN (the
 * parent POM's {@code -onednn} classifier), the helpers land where DL4J's pairing puts them and
 * nowhere else, and a network with them computes what the built-in path computes.
 */
class OneDnnTest {

    /**
     * conv, max pool, batch norm, average pool (padding not counted, DL4J's default), average pool
     * (padding counted, PyTorch's), conv: every helper, every path.
     */
    private static MultiLayerNetwork net() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(3)
                .updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3)
                        .nOut(4)
                        .padding(1, 1)
                        .activation(Activation.SIGMOID)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                        .kernelSize(3, 3)
                        .stride(1, 1)
                        .padding(1, 1)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                        .kernelSize(3, 3)
                        .stride(1, 1)
                        .padding(1, 1)
                        .avgPoolIncludePadInDivisor(true)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3)
                        .nOut(5)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(3)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(10, 10, 2))
                .build());
        net.init();
        return net;
    }

    @Test
    void theBuildUnderTestRunsOnOneDnn() {
        assertThat(OneDnn.inUse())
                .as("nd4j-native's -onednn build, loaded through org.bytedeco.javacpp.platform.extension")
                .isTrue();
    }

    @Test
    void dl4jAloneLeavesTheHelpersOff() {
        // The M2.1 bug this works around: if this starts failing, DL4J gives helpers itself again.
        MultiLayerNetwork net = net();
        for (int i = 0; i < net.getnLayers(); i++) {
            assertThat(net.getLayer(i).getHelper()).as("layer %d", i).isNull();
        }
    }

    @Test
    void eachLayerGetsDl4jsHelperForIt() {
        MultiLayerNetwork net = OneDnn.layerHelpers(net());
        assertThat(net.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(net.getLayer(1).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
        assertThat(net.getLayer(2).getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
        assertThat(net.getLayer(3).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
        assertThat(net.getLayer(4).getHelper())
                .as("padded average pool counting padding")
                .isNull();
        assertThat(net.getLayer(5).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(net.getLayer(6).getHelper()).isNull(); // the output layer has none
        assertThat(OneDnn.layerHelpers(net)).isSameAs(net); // idempotent, for chaining
    }

    @Test
    void subclassesTheTestsDoNotCoverGetNone() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new Convolution1DLayer.Builder(3).nOut(4).build())
                .layer(new GlobalPoolingLayer.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(2)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.recurrent(3, 8))
                .build());
        net.init();
        OneDnn.layerHelpers(net);
        assertThat(net.getLayer(0).getHelper()).isNull();
    }

    /**
     * Why layer 4 gets no helper: M2.1's oneDNN average-pool backward pass is wrong when padding
     * counts in the divisor. If this starts failing, the bug is fixed and {@code helperFits} can go.
     */
    @Test
    void theOneDnnAveragePoolBackwardIsWrongWhenPaddingCounts() throws Exception {
        MultiLayerNetwork plain = net();
        MultiLayerNetwork forced = OneDnn.layerHelpers(net());
        java.lang.reflect.Field helper = forced.getLayer(4).getClass().getDeclaredField("helper");
        helper.setAccessible(true);
        helper.set(forced.getLayer(4), new MKLDNNSubsamplingHelper(DataType.FLOAT));
        INDArray[] data = data();
        NdAssert.assertClose("forward", forced.output(data[0]), plain.output(data[0]), 1e-5);
        plain.setInput(data[0]);
        plain.setLabels(data[1]);
        plain.computeGradientAndScore();
        forced.setInput(data[0]);
        forced.setLabels(data[1]);
        forced.computeGradientAndScore();
        double gap = forced.gradient()
                .gradient()
                .sub(plain.gradient().gradient())
                .amaxNumber()
                .doubleValue();
        assertThat(gap).isGreaterThan(1e-2);
    }

    private static INDArray[] data() {
        Nd4j.getRandom().setSeed(5);
        INDArray X = Nd4j.rand(DataType.FLOAT, 8, 2, 10, 10);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new INDArray[] {X, y};
    }

    @Test
    void anUninitialisedNetworkIsAClearError() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new RnnOutputLayer.Builder().nIn(2).nOut(2).build())
                .build());
        assertThatThrownBy(() -> OneDnn.layerHelpers(net)).hasMessageContaining("init()");
    }

    /** Outputs, score, every gradient and the parameters after a step, with and without helpers. */
    @Test
    void helpersComputeWhatTheBuiltInPathComputes() {
        INDArray[] data = data();
        INDArray X = data[0];
        INDArray y = data[1];
        MultiLayerNetwork plain = net();
        MultiLayerNetwork fast = OneDnn.layerHelpers(net());
        NdAssert.assertClose("output", fast.output(X, false), plain.output(X, false), 1e-4);
        NdAssert.assertClose("training-mode output", fast.output(X, true), plain.output(X, true), 1e-4);

        plain.setInput(X);
        plain.setLabels(y);
        plain.computeGradientAndScore();
        fast.setInput(X);
        fast.setLabels(y);
        fast.computeGradientAndScore();
        assertThat(fast.score()).isCloseTo(plain.score(), org.assertj.core.api.Assertions.within(1e-4));
        Gradient gp = plain.gradient();
        Gradient gf = fast.gradient();
        assertThat(gf.gradientForVariable().keySet())
                .isEqualTo(gp.gradientForVariable().keySet());
        gp.gradientForVariable()
                .forEach((name, g) -> NdAssert.assertClose("gradient " + name, gf.getGradientFor(name), g, 1e-4));

        plain.fit(X, y);
        fast.fit(X, y);
        NdAssert.assertClose("parameters after a step", fast.params(), plain.params(), 1e-4);
    }
}
