package io.github.d2l4j.common.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link TbpttLstm} against central differences with and without a carried \( (H, C) \), alone
 * and stacked in an {@link RNNModel}; against the book's LSTM formula on PyTorch-laid-out weights;
 * one clipped SGD step of an {@link RNNModel} against PyTorch's, with its two biases; and the M2.1
 * bug in DL4J's own {@code LSTM} that it exists for.
 */
class TbpttLstmTest {
    static final int VOCAB = 5;
    static final int HIDDEN = 3;

    static LSTM.Builder lstm(int nIn) {
        return new LSTM.Builder().nIn(nIn).nOut(HIDDEN);
    }

    static INDArray tokens(long seed, int batch, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, batch, steps).muli(VOCAB).castTo(DataType.INT32);
    }

    /** A double-precision model that has run one batch, so that its state is carried into the next. */
    static RNNModel afterOneBatch(List<? extends BaseRecurrentLayer> layers, boolean carry) {
        RNNModel net = new RNNModel(layers, VOCAB, new Sgd(0.1), 7, DataType.DOUBLE, true);
        net.net().params().muli(3); // larger weights: a carried state far from zero
        net.beginState(2);
        if (carry) {
            net.forwardBackward(tokens(1, 2, 3), tokens(2, 2, 3));
        }
        return net;
    }

    /** The second batch's mean loss as a function of the parameters, from the same carried state. */
    static DoubleSupplier secondBatchLoss(RNNModel net, INDArray X, INDArray Y) {
        MultiLayerNetwork mln = net.net();
        List<Map<String, INDArray>> carried = new ArrayList<>();
        for (int i = 0; i < mln.getnLayers() - 1; i++) {
            carried.add(copy(((RecurrentLayer) mln.getLayer(i)).rnnGetTBPTTState()));
        }
        return () -> {
            for (int i = 0; i < carried.size(); i++) {
                ((RecurrentLayer) mln.getLayer(i)).rnnSetTBPTTState(copy(carried.get(i)));
            }
            return net.forwardBackward(X, Y);
        };
    }

    static Map<String, INDArray> copy(Map<String, INDArray> state) {
        Map<String, INDArray> out = new HashMap<>();
        state.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /**
     * The model's gradient of the loss: {@code forwardBackward}'s, each folded bias's entries
     * divided by the √2 that RNNModel gives them for PyTorch's step.
     */
    static INDArray analytic(RNNModel net, DoubleSupplier loss) {
        loss.getAsDouble();
        RNNModel.scaleFoldedBiasGradients(net.net().getLayers(), -0.5);
        return net.net()
                .getFlattenedGradients()
                .dup()
                .reshape(net.net().params().shape());
    }

    static void assertMatchesCentralDifferences(String what, List<? extends BaseRecurrentLayer> layers, boolean carry) {
        RNNModel net = afterOneBatch(layers, carry);
        if (carry) {
            Map<String, INDArray> state = ((RecurrentLayer) net.net().getLayer(0)).rnnGetTBPTTState();
            assertThat(state.get("prevMem").amaxNumber().doubleValue())
                    .as("carried C")
                    .isGreaterThan(0.1);
        }
        DoubleSupplier loss = secondBatchLoss(net, tokens(3, 2, 3), tokens(4, 2, 3));
        GradientCheck.assertGradientInPlace(
                what,
                analytic(net, loss),
                net.net().params(),
                loss,
                1e-6,
                1e-5,
                1e-9,
                GradientCheck.samplePerPart(paramLengths(net.net()), 12, 17));
    }

    /**
     * The lengths of the parts of the network's flat parameter array, each layer's table in
     * order: a sample of 12 entries of each (every entry of the biases and the output layer's
     * bias) costs less than half of checking all of them.
     */
    static long[] paramLengths(MultiLayerNetwork mln) {
        return Arrays.stream(mln.getLayers())
                .flatMap(layer -> layer.paramTable().values().stream())
                .mapToLong(INDArray::length)
                .toArray();
    }

    @Test
    void gradientWithACarriedStateMatchesCentralDifferences() {
        assertMatchesCentralDifferences("TbpttLstm, carried (H, C)", List.of(new TbpttLstm(lstm(VOCAB))), true);
    }

    @Test
    void gradientFromAZeroStateMatchesCentralDifferences() {
        assertMatchesCentralDifferences("TbpttLstm, zero state", List.of(new TbpttLstm(lstm(VOCAB))), false);
    }

    @Test
    void twoStackedLayersWithACarriedStateMatchCentralDifferences() {
        assertMatchesCentralDifferences(
                "two stacked TbpttLstm, carried (H, C)",
                List.of(new TbpttLstm(lstm(VOCAB)), new TbpttLstm(lstm(HIDDEN))),
                true);
    }

    /**
     * PyTorch's step, written out on the gradient of the loss, the model's own (with the
     * folded biases' factor taken out), which {@link
     * #twoStackedLayersWithACarriedStateMatchCentralDifferences} holds to central differences on
     * this same model and batch: {@code
     * nn.LSTM} has \\( b_{ih} \\) and \\( b_{hh} \\) where DL4J's layer has their sum {@code b},
     * both with the gradient \\( g_b \\) of {@code b}; clipping divides by the norm of all of
     * PyTorch's gradients, which counts \\( |g_b|^2 \\) twice, and SGD moves {@code b} by \\( 2
     * \\cdot lr \\cdot c \\cdot g_b \\), every other parameter by \\( lr \\cdot c \\cdot g \\).
     */
    @Test
    void oneClippedSgdStepIsPyTorchsWithItsTwoBiases() {
        double lr = 0.1; // afterOneBatch's Sgd
        RNNModel net = afterOneBatch(List.of(new TbpttLstm(lstm(VOCAB)), new TbpttLstm(lstm(HIDDEN))), true);
        INDArray params = net.net().params();
        DoubleSupplier loss = secondBatchLoss(net, tokens(3, 2, 3), tokens(4, 2, 3));
        INDArray g = analytic(net, loss).reshape(params.length());
        INDArray before = params.dup().reshape(params.length());
        INDArray flatParams = params.reshape(params.length()); // a view

        // PyTorch's gradient, flattened: DL4J's parameters, then each LSTM's second bias again
        List<INDArray> torchGrads = new ArrayList<>(List.of(g));
        INDArray twice = Nd4j.ones(DataType.DOUBLE, params.length()); // 2 on the biases, 1 elsewhere
        long offset = 0;
        for (Layer layer : net.net().getLayers()) { // the flat array: each layer's table in order
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                long n = p.getValue().length();
                INDArray flat = flatParams.get(interval(offset, offset + n));
                NdAssert.assertClose("flat layout of " + p.getKey(), flat, Nd4j.toFlattened('f', p.getValue()), 0);
                if (layer.conf().getLayer() instanceof TbpttLstm && p.getKey().equals("b")) {
                    torchGrads.add(g.get(interval(offset, offset + n)));
                    twice.get(interval(offset, offset + n)).assign(2);
                }
                offset += n;
            }
        }
        assertThat(torchGrads).as("two LSTMs' second biases").hasSize(3);
        double torchNorm = Math.sqrt(torchGrads.stream()
                .mapToDouble(
                        t -> t.norm2Number().doubleValue() * t.norm2Number().doubleValue())
                .sum());
        double theta = torchNorm / 4; // so that clipping applies
        double c = theta / torchNorm;
        INDArray torchStep = g.mul(twice).muli(lr * c);

        loss.getAsDouble(); // forwardBackward
        assertThat(TrainCh8.gradClipping(net, theta))
                .as("the norm clipping sees")
                .isCloseTo(torchNorm, within(1e-7 * torchNorm));
        net.update();
        NdAssert.assertClose("the step", before.sub(flatParams), torchStep, 1e-9);
        assertThat(before.sub(flatParams).sub(g.mul(lr * c)).norm2Number().doubleValue())
                .as("a one-bias step differs")
                .isGreaterThan(1e-4);
    }

    @Test
    void dl4jLstmBackPropagatesFromAZeroStateInstead() {
        RNNModel net =
                afterOneBatch(List.of(lstm(VOCAB).activation(Activation.TANH).build()), true);
        DoubleSupplier loss = secondBatchLoss(net, tokens(3, 2, 3), tokens(4, 2, 3));
        INDArray analytic = analytic(net, loss).reshape(net.net().params().length());
        // at a sample of 12 entries of each parameter
        long[] at = GradientCheck.samplePerPart(paramLengths(net.net()), 12, 19);
        INDArray numeric = Nd4j.createFromArray(
                GradientCheck.centralDifferencesInPlace(net.net().params(), loss, 1e-6, at));
        INDArray sampled = Nd4j.createFromArray(
                LongStream.of(at).mapToDouble(analytic::getDouble).toArray());
        // M2.1's LSTM recomputes the forward pass from zero (H, C) in its backward pass: if this
        // starts failing, DL4J has fixed it and TbpttLstm can go. (The sample's error was 0.23 of
        // its norm when this was written.)
        double error = sampled.sub(numeric).norm2Number().doubleValue();
        assertThat(error)
                .as("DL4J LSTM gradient error with a carried state")
                .isGreaterThan(1e-2 * numeric.norm2Number().doubleValue());
    }

    @Test
    void anRnnModelRefusesDl4jsOwnLstmAndABrokenStack() {
        assertThatThrownBy(() -> new RNNModel(lstm(VOCAB).build(), VOCAB, new Sgd(0.1), 7, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DL4J M2.1's LSTM back-propagates a carried state as if it were zero")
                .hasMessageContaining("new TbpttLstm");
        assertThatThrownBy(() -> new RNNModel(
                        List.of(new TbpttLstm(lstm(VOCAB)), lstm(HIDDEN).build()),
                        VOCAB,
                        new Sgd(0.1),
                        7,
                        DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LSTM back-propagates");
        assertThatThrownBy(() -> new RNNModel(
                        List.of(new TbpttLstm(lstm(VOCAB)), new TbpttLstm(lstm(4))),
                        VOCAB,
                        new Sgd(0.1),
                        7,
                        DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recurrent layer 1 reads 4 inputs, but layer 0 gives 3");
        assertThatThrownBy(() -> new RNNModel(List.of(), VOCAB, new Sgd(0.1), 7, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one recurrent layer");
    }

    @Test
    void tanhIsSetWhenUnsetAndOtherActivationsAreRefused() {
        assertThat(new TbpttLstm(lstm(VOCAB)).getActivationFn().toString()).isEqualTo("tanh");
        assertThatThrownBy(() -> new TbpttLstm(lstm(VOCAB).activation(Activation.RELU)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whose activation is tanh, not relu");
        assertThatThrownBy(() -> new TbpttLstm(lstm(VOCAB).gateActivationFunction(Activation.HARDSIGMOID)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whose gates are sigmoid");
    }

    @Test
    void theBuildersSettingsSurviveTheCopy() {
        TbpttLstm layer = new TbpttLstm(lstm(VOCAB).name("lstm-7").forgetGateBiasInit(2.5));
        assertThat(layer.getNIn()).isEqualTo(VOCAB);
        assertThat(layer.getNOut()).isEqualTo(HIDDEN);
        assertThat(layer.getLayerName()).isEqualTo("lstm-7");
        assertThat(layer.getForgetGateBiasInit()).isEqualTo(2.5);
    }

    @Test
    void pytorchsInitialisationWithNoForgetGateBiasOfOne() {
        RNNModel net =
                new RNNModel(new TbpttLstm(new LSTM.Builder().nIn(28).nOut(256)), 28, new Sgd(1), 42, DataType.FLOAT);
        Layer layer = net.net().getLayer(0);
        double bound = 1 / Math.sqrt(256);
        for (String key : new String[] {"W", "RW"}) {
            assertThat(layer.getParam(key).amaxNumber().doubleValue())
                    .isLessThanOrEqualTo(bound)
                    .isGreaterThan(0.9 * bound);
        }
        INDArray b = layer.getParam("b");
        assertThat(b.amaxNumber().doubleValue()).isGreaterThan(bound).isLessThanOrEqualTo(2 * bound);
        INDArray forget = b.reshape(4 * 256).get(interval(256, 512)); // DL4J's block 1
        assertThat(forget.meanNumber().doubleValue())
                .as("forget-gate biases' mean")
                .isBetween(-0.01, 0.01);
        // 9.2: PyTorch's 300,060 = DL4J's 299,036 + the second bias, 4 * 256
        assertThat(net.net().numParams()).isEqualTo(299_036);
        assertThat(net.net().numParams() + 4 * 256).isEqualTo(300_060);
    }

    /**
     * The book's LSTM step on PyTorch-laid-out weights, (i, f, g, o) blocks of {@code weight_ih} (4h,
     * in) and {@code weight_hh} (4h, h) and two biases: \( I = \sigma(X W_{xi} + H W_{hi} + b_i)
     * \), ..., \( C = F \odot C + I \odot \tilde{C} \), \( H = O \odot \tanh(C) \).
     */
    static INDArray[] scratchLstm(INDArray x, INDArray h, INDArray c, INDArray wih, INDArray whh, INDArray bias) {
        INDArray z = x.mmul(wih.transpose()).addi(h.mmul(whh.transpose())).addiRowVector(bias); // (m, 4h)
        long n = h.size(1);
        INDArray i = Transforms.sigmoid(z.get(all(), interval(0, n)), true);
        INDArray f = Transforms.sigmoid(z.get(all(), interval(n, 2 * n)), true);
        INDArray g = Transforms.tanh(z.get(all(), interval(2 * n, 3 * n)), true);
        INDArray o = Transforms.sigmoid(z.get(all(), interval(3 * n, 4 * n)), true);
        INDArray cNew = f.mul(c).addi(i.mul(g));
        return new INDArray[] {o.mul(Transforms.tanh(cNew, true)), cNew};
    }

    /** PyTorch's (4h, cols) stacked (i, f, g, o) as DL4J's (cols, 4h) in blocks [g, f, o, i]. */
    static INDArray toDl4j(INDArray torch) {
        long n = torch.size(0) / 4;
        INDArray out = Nd4j.create(DataType.DOUBLE, torch.size(1), 4 * n);
        for (int j = 0; j < 4; j++) {
            int k = TbpttLstm.PYTORCH_TO_DL4J_BLOCK[j];
            out.get(all(), interval(k * n, (k + 1) * n))
                    .assign(torch.get(interval(j * n, (j + 1) * n), all()).transpose());
        }
        return out;
    }

    @Test
    void dl4jsLayerIsTheBooksLstmOnMappedWeights() {
        RNNModel net = new RNNModel(new TbpttLstm(lstm(VOCAB)), VOCAB, new Sgd(0.1), 7, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(11);
        INDArray wih = Nd4j.rand(DataType.DOUBLE, 4 * HIDDEN, VOCAB).subi(0.5);
        INDArray whh = Nd4j.rand(DataType.DOUBLE, 4 * HIDDEN, HIDDEN).subi(0.5);
        INDArray bih = Nd4j.rand(DataType.DOUBLE, 1, 4 * HIDDEN).subi(0.5);
        INDArray bhh = Nd4j.rand(DataType.DOUBLE, 1, 4 * HIDDEN).subi(0.5);
        Layer layer = net.net().getLayer(0);
        layer.getParam("W").assign(toDl4j(wih));
        layer.getParam("RW").assign(toDl4j(whh));
        layer.getParam("b").assign(toDl4j(bih.add(bhh).transpose()));
        INDArray h = Nd4j.rand(DataType.DOUBLE, 2, HIDDEN).subi(0.5);
        INDArray c = Nd4j.rand(DataType.DOUBLE, 2, HIDDEN).muli(2).subi(1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, VOCAB, 4); // (batch, in, steps)

        RecurrentLayer rnn = (RecurrentLayer) layer;
        rnn.rnnSetPreviousState(Map.of("prevAct", h.dup(), "prevMem", c.dup()));
        INDArray out = rnn.rnnTimeStep(x, LayerWorkspaceMgr.noWorkspaces());
        for (int t = 0; t < 4; t++) {
            INDArray[] hc = scratchLstm(x.get(all(), all(), point(t)), h, c, wih, whh, bih.add(bhh));
            h = hc[0];
            c = hc[1];
            NdAssert.assertClose("H at step " + t, out.get(all(), all(), point(t)), h, 1e-12);
        }
        NdAssert.assertClose("C after the last step", rnn.rnnGetPreviousState().get("prevMem"), c, 1e-12);
    }

    @Test
    void rnnTimeStepOneTokenAtATimeEqualsTheFullForwardPass() {
        RNNModel net = new RNNModel(
                List.of(new TbpttLstm(lstm(VOCAB)), new TbpttLstm(lstm(HIDDEN))),
                VOCAB,
                new Sgd(0.1),
                7,
                DataType.DOUBLE);
        INDArray X = tokens(5, 2, 6);
        INDArray whole = net.net().output(net.oneHot(X)); // (batch, vocab, steps), from zeros
        net.beginState(2);
        for (int t = 0; t < 6; t++) {
            INDArray step = net.net().rnnTimeStep(net.oneHot(X.get(all(), interval(t, t + 1))));
            NdAssert.assertClose("step " + t, step.reshape(2, VOCAB), whole.get(all(), all(), point(t)), 1e-12);
        }
    }
}
