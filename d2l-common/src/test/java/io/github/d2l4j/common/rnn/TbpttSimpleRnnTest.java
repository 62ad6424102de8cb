package io.github.d2l4j.common.rnn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * {@link TbpttSimpleRnn} against finite differences, with a state carried over from a previous
 * minibatch, and the M2.1 bug in DL4J's own {@code SimpleRnn} that it exists for.
 */
class TbpttSimpleRnnTest {
    static final int VOCAB = 5;
    static final int HIDDEN = 4;

    static SimpleRnn.Builder rnn() {
        return new SimpleRnn.Builder().nIn(VOCAB).nOut(HIDDEN).activation(Activation.TANH);
    }

    static INDArray tokens(long seed, int batch, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, batch, steps).muli(VOCAB).castTo(DataType.INT32);
    }

    /** A double-precision model that has run one batch, so that its state is carried into the next. */
    static RNNModel afterOneBatch(BaseRecurrentLayer layer) {
        RNNModel net = new RNNModel(layer, VOCAB, new Sgd(0.1), 7, DataType.DOUBLE, true);
        net.net().params().muli(3); // larger weights: a carried state far from zero
        net.beginState(2);
        net.forwardBackward(tokens(1, 2, 3), tokens(2, 2, 3));
        return net;
    }

    /** The mean loss of the second batch as a function of the parameters, from the same carried state. */
    static java.util.function.DoubleSupplier secondBatchLoss(RNNModel net, INDArray X, INDArray Y) {
        RecurrentLayer layer = (RecurrentLayer) net.net().getLayer(0);
        Map<String, INDArray> carried = copy(layer.rnnGetTBPTTState());
        return () -> {
            layer.rnnSetTBPTTState(copy(carried));
            return net.forwardBackward(X, Y);
        };
    }

    static Map<String, INDArray> copy(Map<String, INDArray> state) {
        Map<String, INDArray> out = new java.util.HashMap<>();
        state.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /** The gradient of the loss: the bias's entries without the √2 that RNNModel gives them. */
    static INDArray analyticSecondBatch(RNNModel net, java.util.function.DoubleSupplier loss) {
        loss.getAsDouble();
        RNNModel.scaleFoldedBiasGradients(net.net().getLayers(), -0.5);
        return net.net()
                .getFlattenedGradients()
                .dup()
                .reshape(net.net().params().shape());
    }

    @Test
    void gradientWithACarriedStateMatchesFiniteDifferences() {
        RNNModel net = afterOneBatch(new TbpttSimpleRnn(rnn()));
        var loss = secondBatchLoss(net, tokens(3, 2, 3), tokens(4, 2, 3));
        INDArray analytic = analyticSecondBatch(net, loss);
        GradientCheck.assertGradientInPlace(
                "TbpttSimpleRnn, carried state", analytic, net.net().params(), loss, 1e-6, 1e-5, 1e-9);
    }

    @Test
    void dl4jSimpleRnnBackPropagatesFromAZeroStateInstead() {
        RNNModel net = afterOneBatch(rnn().build());
        var loss = secondBatchLoss(net, tokens(3, 2, 3), tokens(4, 2, 3));
        INDArray analytic = analyticSecondBatch(net, loss);
        INDArray numeric = GradientCheck.numericGradientInPlace(net.net().params(), loss, 1e-6);
        // M2.1's SimpleRnn recomputes the activations from zeros in its backward pass: if this
        // starts failing, DL4J has fixed it and TbpttSimpleRnn can go.
        double error = analytic.sub(numeric).norm2Number().doubleValue();
        assertThat(error)
                .as("DL4J SimpleRnn gradient error with a carried state")
                .isGreaterThan(1e-2 * numeric.norm2Number().doubleValue());
    }

    @Test
    void anRnnModelRefusesDl4jsOwnLayer() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new RNNModel(rnn().build(), VOCAB, new Sgd(0.1), 7, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("new TbpttSimpleRnn");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RNNModel(
                        new org.deeplearning4j.nn.conf.layers.LSTM.Builder()
                                .nIn(VOCAB)
                                .nOut(HIDDEN)
                                .build(),
                        VOCAB,
                        new Sgd(0.1),
                        7,
                        DataType.FLOAT))
                .hasMessageContaining("DL4J M2.1's LSTM back-propagates a carried state as if it were zero");
    }

    @Test
    void withoutACarriedStateItIsDl4jsLayer() { // up to the order of summation
        RNNModel ours = new RNNModel(new TbpttSimpleRnn(rnn()), VOCAB, new Sgd(0.1), 7, DataType.DOUBLE);
        RNNModel theirs = new RNNModel(rnn().build(), VOCAB, new Sgd(0.1), 7, DataType.DOUBLE, true);
        NdAssert.assertClose(
                "same initial parameters", ours.net().params(), theirs.net().params(), 0);
        ours.beginState(2);
        theirs.beginState(2);
        double a = ours.forwardBackward(tokens(3, 2, 3), tokens(4, 2, 3));
        double b = theirs.forwardBackward(tokens(3, 2, 3), tokens(4, 2, 3));
        assertThat(a).isEqualTo(b);
        NdAssert.assertClose(
                "gradients", ours.net().getFlattenedGradients(), theirs.net().getFlattenedGradients(), 1e-12);
    }
}
