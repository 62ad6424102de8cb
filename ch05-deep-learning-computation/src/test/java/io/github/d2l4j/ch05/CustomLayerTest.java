package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CustomLayerTest {

    @Test
    void theBooksValues() {
        CustomLayer.Result r = CustomLayer.run(new CustomLayer.Config(1));
        assertThat(r.centered()).containsExactly(-2, -1, 0, 1, 2);
        assertThat(r.meanAfterLinear()).isCloseTo(0, within(1e-6));
        assertThat(r.myLinear().shape()).containsExactly(2, 3);
        assertThat(r.myLinear().minNumber().doubleValue()).isGreaterThanOrEqualTo(0); // ReLU
        assertThat(r.stacked().shape()).containsExactly(2, 1);
    }

    @Test
    void theDl4jLayersComputeWhatTheBlocksDo() {
        Nd4j.getRandom().setSeed(5);
        INDArray X = Nd4j.rand(DataType.FLOAT, 4, 8);
        MultiLayerNetwork centered = CustomLayer.centeredNet(5);
        INDArray hidden = X.mmul(centered.getParam("0_W")).addRowVector(centered.getParam("0_b"));
        NdAssert.assertClose("DL4J CenteredLayer", centered.output(X), hidden.sub(hidden.meanNumber()), 1e-5);
        assertThat(centered.output(X).meanNumber().doubleValue()).isCloseTo(0, within(1e-6));

        MultiLayerNetwork net = CustomLayer.myLinearNet(5, DataType.FLOAT);
        assertThat(net.getParam("0_W").shape()).containsExactly(64, 8);
        assertThat(net.getParam("1_b").shape()).containsExactly(1, 1);
        INDArray Z = Nd4j.rand(DataType.FLOAT, 2, 64);
        INDArray byHand = org.nd4j.linalg.ops.transforms.Transforms.relu(
                org.nd4j.linalg.ops.transforms.Transforms.relu(
                                Z.mmul(net.getParam("0_W")).addRowVector(net.getParam("0_b")), true)
                        .mmul(net.getParam("1_W"))
                        .addRowVector(net.getParam("1_b")),
                true);
        NdAssert.assertClose("DL4J MyLinear stack", net.output(Z), byHand, 1e-4);
    }

    /** The scratch block's gradient, from SameDiff, against central differences. */
    @Test
    void myLinearBlockGradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(6);
        var layer = new CustomLayer.MyLinear(5, 3);
        INDArray X = Nd4j.rand(DataType.FLOAT, 4, 5);
        layer.backward(X, y -> y.mul(y)); // relu^2 is smooth at 0
        GradientCheck.assertGradientInPlace(
                "d loss / d MyLinear.weight",
                layer.grad("weight"),
                layer.parameter("weight"),
                () -> layer.apply(X).mul(layer.apply(X)).sumNumber().doubleValue(),
                1e-2,
                2e-2,
                1e-3);
    }

    /**
     * The DL4J layer's backprop against central differences of the network's score, in double
     * precision (DL4J's raw gradient is that of the summed loss: its updater divides by the batch
     * size). DL4J's own {@code GradientCheckUtil} fails this layer: M2.1 gives a {@code
     * SameDiffLayer}'s parameters exactly twice their gradient (with or without the ReLU), while the
     * built-in output layer after it is right. The test pins that down, so that a fixed DL4J
     * shows up here.
     */
    @Test
    void dl4jGivesTheCustomLayersParametersTwiceTheirGradient() {
        Nd4j.getRandom().setSeed(8);
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                    .seed(8)
                    .dataType(DataType.DOUBLE)
                    .updater(new NoOp())
                    .list()
                    .layer(new CustomLayer.MyLinearLayer(5, 3))
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                            .nOut(2)
                            .activation(Activation.IDENTITY)
                            .build())
                    .setInputType(InputType.feedForward(5))
                    .build());
            net.init();
            DataSet data = new DataSet(Nd4j.rand(DataType.DOUBLE, 6, 5), Nd4j.rand(DataType.DOUBLE, 6, 2));
            net.setInput(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
            for (String name : new String[] {"0_W", "0_b", "1_W", "1_b"}) {
                INDArray analytic = net.gradient().getGradientFor(name).dup();
                INDArray numeric =
                        GradientCheck.numericGradientInPlace(net.getParam(name), () -> net.score(data, false), 1e-6);
                // DL4J's raw gradient is of the summed loss (its updater divides by the batch), the
                // score is the mean; and the custom layer's is twice that
                double factor = data.numExamples() * (name.startsWith("0_") ? 2 : 1);
                NdAssert.assertClose(
                        "DL4J's gradient of " + name + " / " + factor, analytic.div(factor), numeric, 1e-4, 1e-7);
            }
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
