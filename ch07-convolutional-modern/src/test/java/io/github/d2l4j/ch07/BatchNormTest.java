package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.Params.bn;
import static io.github.d2l4j.ch07.Params.bnBuffers;
import static io.github.d2l4j.ch07.Params.conv;
import static io.github.d2l4j.ch07.Params.dense;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.device.OneDnn;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class BatchNormTest {

    /** The scratch batch norm alone in a graph, with a loss that weighs each output differently. */
    private static final class Scratch {
        final SameDiff sd = SameDiff.create();
        final BatchNormScratch.BatchNorm bn;
        final SDVariable X;
        final SDVariable Y;
        final SDVariable loss;

        Scratch(long[] shape) {
            boolean conv = shape.length == 4;
            X = sd.var("X", Nd4j.zeros(DataType.DOUBLE, shape).castTo(DataType.FLOAT));
            SDVariable training = sd.placeHolder("training", DataType.FLOAT);
            bn = new BatchNormScratch.BatchNorm(sd, "bn", (int) shape[1], conv);
            Y = bn.forward(X, training).rename("Y");
            SDVariable R = sd.constant("R", Nd4j.rand(DataType.FLOAT, shape).subi(0.5));
            loss = Y.mul(R).sum("loss");
        }

        Map<String, INDArray> feeds(boolean training) {
            Map<String, INDArray> feeds = new HashMap<>();
            feeds.put("training", Nd4j.scalar(DataType.FLOAT, training ? 1f : 0f));
            bn.feed(feeds);
            return feeds;
        }

        INDArray output(INDArray x, boolean training) {
            X.getArr().assign(x);
            return sd.output(feeds(training), "Y").get("Y");
        }

        /** A training step's statistics, applied to the moving ones as the net does after each step. */
        void step(INDArray x) {
            X.getArr().assign(x);
            bn.update(sd.output(feeds(true), bn.batchStatistics()));
        }
    }

    /** DL4J's batch-norm layer alone, with ModernCnns' settings, under a parameterless MSE loss. */
    private static MultiLayerNetwork dl4j(long[] shape, boolean helper) {
        var list = new NeuralNetConfiguration.Builder()
                .updater(new Sgd(0.1))
                .list()
                .layer(ModernCnns.batchNorm());
        if (shape.length == 4) {
            list.layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY)
                            .build())
                    .setInputType(InputType.convolutional(shape[2], shape[3], shape[1]));
        } else {
            list.layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY)
                            .build())
                    .setInputType(InputType.feedForward(shape[1]));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return helper ? OneDnn.layerHelpers(net) : net;
    }

    /**
     * Training-mode output, the moving statistics after a step, and evaluation-mode output: the
     * scratch batch norm against DL4J's layer, for a convolution's output and a dense layer's,
     * with DL4J's built-in path and with its oneDNN helper.
     */
    @ParameterizedTest(name = "{0}, oneDNN helper {1}")
    @CsvSource({"conv, false", "conv, true", "dense, false", "dense, true"})
    void scratchMatchesDl4jsLayer(String kind, boolean helper) {
        Nd4j.getRandom().setSeed(3);
        long[] shape = kind.equals("conv") ? new long[] {8, 3, 5, 5} : new long[] {16, 7};
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).muli(4).addi(1); // mean 3, var 4/3: far from 0 and 1
        Scratch scratch = new Scratch(shape);
        MultiLayerNetwork net = dl4j(shape, helper);

        NdAssert.assertClose(
                "training-mode output",
                scratch.output(x, true),
                net.feedForward(x, true).get(1),
                1e-4);

        net.fit(x, Nd4j.rand(DataType.FLOAT, shape));
        scratch.step(x);
        INDArray mean = net.getLayer(0).getParam("mean").reshape(-1);
        INDArray var = net.getLayer(0).getParam("var").reshape(-1);
        NdAssert.assertClose("moving mean", scratch.bn.movingMean().reshape(-1), mean, 1e-5);
        NdAssert.assertClose(
                "moving variance (biased, as the book)", scratch.bn.movingVar().reshape(-1), var, 1e-4);
        // the moving mean moved a tenth of the way from 0 to the batch mean, about 3
        assertThat(mean.meanNumber().doubleValue()).isBetween(0.25, 0.35);

        // evaluation mode normalises by the moving statistics, with the layer's learned gamma and beta
        scratch.bn
                .gamma()
                .assign(net.getLayer(0)
                        .getParam("gamma")
                        .reshape(scratch.bn.gamma().shape()));
        scratch.bn
                .beta()
                .assign(net.getLayer(0)
                        .getParam("beta")
                        .reshape(scratch.bn.beta().shape()));
        INDArray eval = scratch.output(x, false);
        NdAssert.assertClose(
                "evaluation-mode output", eval, net.feedForward(x, false).get(1), 1e-4);
        // not the training-mode output: after one step the moving statistics are still near 0 and 1
        assertThat(eval.sub(scratch.output(x, true)).amaxNumber().doubleValue()).isGreaterThan(1.0);
    }

    /** SameDiff's gradients of the composed batch norm, for gamma, beta and X, against central differences. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"conv", "dense"})
    void scratchGradientsMatchFiniteDifferences(String kind) {
        Nd4j.getRandom().setSeed(4);
        long[] shape = kind.equals("conv") ? new long[] {4, 2, 3, 3} : new long[] {6, 3};
        Scratch s = new Scratch(shape);
        s.X.getArr().assign(Nd4j.rand(DataType.FLOAT, shape).muli(2));
        s.bn.gamma().assign(Nd4j.rand(DataType.FLOAT, s.bn.gamma().shape()).addi(0.5));
        s.bn.beta().assign(Nd4j.rand(DataType.FLOAT, s.bn.beta().shape()));
        Map<String, INDArray> feeds = s.feeds(true);
        Map<String, INDArray> grads = s.sd.calculateGradients(feeds, "X", "bn.gamma", "bn.beta");
        java.util.function.DoubleSupplier loss =
                () -> s.sd.output(feeds, "loss").get("loss").getDouble(0);
        GradientCheck.assertGradientInPlace(
                "d loss / d gamma", grads.get("bn.gamma"), s.bn.gamma(), loss, 1e-2, 2e-2, 2e-3);
        GradientCheck.assertGradientInPlace(
                "d loss / d beta", grads.get("bn.beta"), s.bn.beta(), loss, 1e-2, 2e-2, 2e-3);
        GradientCheck.assertGradientInPlace("d loss / d X", grads.get("X"), s.X.getArr(), loss, 1e-2, 5e-2, 5e-3);
        // the gradient through the batch statistics is not zero, nor the same as without them
        assertThat(grads.get("bn.gamma").amaxNumber().doubleValue()).isPositive();
    }

    @Test
    void leNetWithBatchNormHasTheBooksParameters() {
        MultiLayerNetwork net = BatchNorm.net(1.0, 1);
        long trainable = conv(1, 6, 5)
                + bn(6)
                + conv(6, 16, 5)
                + bn(16)
                + dense(256, 120)
                + bn(120)
                + dense(120, 84)
                + bn(84)
                + dense(84, 10);
        long buffers = bnBuffers(6) + bnBuffers(16) + bnBuffers(120) + bnBuffers(84);
        assertThat(net.numParams()).isEqualTo(trainable + buffers);
        assertThat(net.output(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28)).shape()).containsExactly(2, 10);
        var conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization)
                net.getLayer(1).conf().getLayer();
        assertThat(conf.getDecay()).isEqualTo(0.9);
        assertThat(conf.getEps()).isEqualTo(1e-5);
    }

    @Test
    void theScratchLeNetUpdatesItsMovingStatisticsOnlyWhenTraining() {
        BatchNormScratch.Model m = BatchNormScratch.net(BatchNormScratch.initParams(1), 1.0);
        INDArray X = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7).castTo(DataType.FLOAT);
        m.net().forward(X);
        assertThat(m.norms().get(0).movingMean().sumNumber().doubleValue()).isZero();
        var step = m.net().trainStep(X, y);
        assertThat(step.yHat().shape()).containsExactly(8, 10);
        for (var norm : m.norms()) {
            assertThat(norm.movingMean().amaxNumber().doubleValue())
                    .as("moving mean moved")
                    .isPositive();
            assertThat(norm.movingVar().sub(1).amaxNumber().doubleValue())
                    .as("moving var moved")
                    .isPositive();
        }
        assertThat(m.norms().get(0).gamma().sub(1).amaxNumber().doubleValue())
                .as("gamma learned")
                .isPositive();
    }
}
