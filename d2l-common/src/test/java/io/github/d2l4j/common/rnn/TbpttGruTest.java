package io.github.d2l4j.common.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link TbpttGru} against three oracles: a plain loop over {@code nn.GRU}'s formula (outputs), a
 * GRU written in SameDiff from elementary ops (gradients, by automatic differentiation), and
 * central differences (gradients), from a zero and from a carried state, one layer and two stacked.
 */
class TbpttGruTest {
    static final int IN = 3;
    static final int H = 4;
    static final int M = 2;
    static final int T = 3;
    static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    static SimpleRnn.Builder gru(int nIn) {
        return new SimpleRnn.Builder().nIn(nIn).nOut(H);
    }

    /** {@code layers} stacked GRUs in double precision, PyTorch's initialisation scaled up by 2. */
    static MultiLayerNetwork stack(int layers, boolean withOutput) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1))
                .list();
        for (int i = 0; i < layers; i++) {
            list.layer(new TbpttGru(gru(i == 0 ? IN : H)));
        }
        if (withOutput) {
            list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(H)
                    .nOut(IN)
                    .activation(Activation.SOFTMAX)
                    .build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(100)
                .tBPTTBackwardLength(100)
                .build());
        net.init();
        net.initGradientsView(); // the layers' gradient views, also without an output layer
        Nd4j.getRandom().setSeed(7);
        for (int i = 0; i < layers; i++) {
            ((TbpttGru) net.getLayer(i).conf().getLayer()).torchInit(net.getLayer(i));
            net.getLayer(i).params().muli(2); // gates away from 1/2, a state far from zero
        }
        return net;
    }

    static INDArray rand(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(2);
    }

    /** A carried state per layer (null: zeros). */
    static List<INDArray> states(int layers, boolean carried) {
        List<INDArray> s = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            s.add(carried ? rand(20 + i, M, H).muli(0.9) : null);
        }
        return s;
    }

    /** The training forward pass of the stack from {@code h0s}, as MultiLayerNetwork's truncated BPTT runs it. */
    static INDArray forward(MultiLayerNetwork net, int layers, INDArray x, List<INDArray> h0s) {
        INDArray a = x;
        for (int i = 0; i < layers; i++) {
            RecurrentLayer l = (RecurrentLayer) net.getLayer(i);
            l.rnnSetTBPTTState(
                    h0s.get(i) == null
                            ? Map.of()
                            : Map.of(TbpttGru.STATE_KEY, h0s.get(i).dup()));
            a = l.rnnActivateUsingStoredState(a, true, true, NO_WS);
        }
        return a;
    }

    /**
     * The layers' gradients for L = sum(out * g), by name ({@code W0}, ..., as {@link
     * #sameDiffGradients} names them), dL/dx as {@code X}, and the network's flat gradient as {@code flat}.
     */
    static Map<String, INDArray> backward(MultiLayerNetwork net, int layers, INDArray g) {
        Map<String, INDArray> grads = new HashMap<>();
        INDArray eps = g;
        for (int i = layers - 1; i >= 0; i--) {
            Pair<Gradient, INDArray> p = net.getLayer(i).backpropGradient(eps, NO_WS);
            for (String key : List.of("W", "RW", "b", "bhh")) {
                grads.put(key + i, p.getFirst().getGradientFor(key).dup('c'));
            }
            eps = p.getSecond();
        }
        grads.put("X", eps.dup());
        grads.put("flat", net.getFlattenedGradients().dup().reshape(net.params().shape()));
        return grads;
    }

    static double loss(MultiLayerNetwork net, int layers, INDArray x, List<INDArray> h0s, INDArray g) {
        return forward(net, layers, x, h0s).mul(g).sumNumber().doubleValue();
    }

    @ParameterizedTest(name = "{0} layer(s), carried state {1}")
    @CsvSource({"1, false", "1, true", "2, false", "2, true"})
    void gradientsMatchSameDiffAndCentralDifferences(int layers, boolean carried) {
        MultiLayerNetwork net = stack(layers, false);
        INDArray x = rand(1, M, IN, T);
        INDArray g = rand(2, M, H, T);
        List<INDArray> h0s = states(layers, carried);
        forward(net, layers, x, h0s);
        Map<String, INDArray> analytic = backward(net, layers, g);

        // SameDiff's automatic gradients of the same loss, parameter by parameter
        Map<String, INDArray> reference = sameDiffGradients(net, layers, x, h0s, g);
        for (String name : reference.keySet()) {
            NdAssert.assertClose(name + " against SameDiff", analytic.get(name), reference.get(name), 1e-10);
        }
        assertThat(reference).hasSize(1 + 4 * layers);

        // ... and central differences: SameDiff has checked every entry, so a sample of 12 of
        // each parameter (every entry of the biases) and every input
        GradientCheck.assertGradientInPlace(
                layers + " layer(s), parameters",
                analytic.get("flat"),
                net.params(),
                () -> loss(net, layers, x, h0s, g),
                1e-6,
                1e-6,
                1e-8,
                GradientCheck.samplePerPart(TbpttLstmTest.paramLengths(net), 12, 29));
        GradientCheck.assertGradient(
                layers + " layer(s), input",
                analytic.get("X"),
                xx -> loss(net, layers, xx, h0s, g),
                x,
                1e-6,
                1e-6,
                1e-8);
    }

    /** The same stack in SameDiff, \( L = \sum H \odot G \): its gradients by name ({@code W0}, ..., {@code X}). */
    static Map<String, INDArray> sameDiffGradients(
            MultiLayerNetwork net, int layers, INDArray x, List<INDArray> h0s, INDArray g) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.var("X", x.dup());
        SDVariable G = sd.constant("G", g.dup());
        List<SDVariable> in = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            in.add(X.get(SDIndex.all(), SDIndex.all(), SDIndex.point(t)));
        }
        List<String> names = new ArrayList<>(List.of("X"));
        for (int i = 0; i < layers; i++) {
            Map<String, SDVariable> p = new HashMap<>();
            for (String key : List.of("W", "RW", "b", "bhh")) {
                p.put(key, sd.var(key + i, net.getLayer(i).getParam(key).dup('c')));
                names.add(key + i);
            }
            // a zero state as zeros: the formula needs no special case (and SameDiff M2.1 fails to
            // back-propagate a slice of bhh broadcast to the batch)
            INDArray h0 = h0s.get(i) == null
                    ? Nd4j.zeros(DataType.DOUBLE, M, H)
                    : h0s.get(i).dup();
            SDVariable hPrev = sd.constant("h0_" + i, h0);
            List<SDVariable> out = new ArrayList<>();
            for (SDVariable xt : in) {
                SDVariable gi = xt.mmul(p.get("W")).add(p.get("b"));
                SDVariable gh = hPrev.mmul(p.get("RW")).add(p.get("bhh"));
                SDVariable r = sd.nn.sigmoid(block(gi, 0).add(block(gh, 0)));
                SDVariable z = sd.nn.sigmoid(block(gi, 1).add(block(gh, 1)));
                SDVariable n = sd.math.tanh(block(gi, 2).add(r.mul(block(gh, 2))));
                SDVariable ht = z.rsub(1).mul(n).add(z.mul(hPrev));
                out.add(ht);
                hPrev = ht;
            }
            in = out;
        }
        SDVariable loss = null;
        for (int t = 0; t < T; t++) {
            SDVariable term = in.get(t)
                    .mul(G.get(SDIndex.all(), SDIndex.all(), SDIndex.point(t)))
                    .sum();
            loss = loss == null ? term : loss.add(term);
        }
        sd.setLossVariables(loss);
        return sd.calculateGradients(Map.of(), names.toArray(String[]::new));
    }

    private static SDVariable block(SDVariable a, int gate) {
        return a.get(SDIndex.all(), SDIndex.interval(gate * H, (gate + 1) * H));
    }

    @ParameterizedTest(name = "carried state {0}")
    @CsvSource({"false", "true"})
    void outputsMatchALoopOverTheFormula(boolean carried) {
        MultiLayerNetwork net = stack(1, false);
        INDArray x = rand(1, M, IN, T);
        INDArray h0 = states(1, carried).get(0);
        INDArray out = forward(net, 1, x, states(1, carried));
        double[][][] expected = loop(net, x, h0);
        for (int b = 0; b < M; b++) {
            for (int j = 0; j < H; j++) {
                for (int t = 0; t < T; t++) {
                    assertThat(out.getDouble(b, j, t))
                            .as("H[%d, %d] at step %d", b, j, t)
                            .isCloseTo(expected[t][b][j], org.assertj.core.api.Assertions.within(1e-10));
                }
            }
        }
        RecurrentLayer layer = (RecurrentLayer) net.getLayer(0);
        NdAssert.assertClose(
                "the state stored for the next minibatch",
                layer.rnnGetTBPTTState().get(TbpttGru.STATE_KEY),
                Nd4j.createFromArray(expected[T - 1]),
                1e-10);
    }

    /** nn.GRU's formula, element by element in doubles: H[t][batch][unit]. */
    static double[][][] loop(MultiLayerNetwork net, INDArray x, INDArray h0) {
        INDArray W = net.getLayer(0).getParam("W");
        INDArray RW = net.getLayer(0).getParam("RW");
        INDArray bih = net.getLayer(0).getParam("b");
        INDArray bhh = net.getLayer(0).getParam("bhh");
        double[][][] out = new double[T][M][H];
        for (int b = 0; b < M; b++) {
            double[] prev = new double[H];
            for (int j = 0; j < H; j++) {
                prev[j] = h0 == null ? 0 : h0.getDouble(b, j);
            }
            for (int t = 0; t < T; t++) {
                double[] next = new double[H];
                for (int j = 0; j < H; j++) {
                    double[] gi = new double[3];
                    double[] gh = new double[3];
                    for (int gate = 0; gate < 3; gate++) {
                        int col = gate * H + j;
                        gi[gate] = bih.getDouble(0, col);
                        for (int k = 0; k < IN; k++) {
                            gi[gate] += x.getDouble(b, k, t) * W.getDouble(k, col);
                        }
                        gh[gate] = bhh.getDouble(0, col);
                        for (int k = 0; k < H; k++) {
                            gh[gate] += prev[k] * RW.getDouble(k, col);
                        }
                    }
                    double r = 1 / (1 + Math.exp(-(gi[0] + gh[0])));
                    double z = 1 / (1 + Math.exp(-(gi[1] + gh[1])));
                    double n = Math.tanh(gi[2] + r * gh[2]);
                    next[j] = (1 - z) * n + z * prev[j];
                }
                out[t][b] = next;
                prev = next;
            }
        }
        return out;
    }

    @Test
    void rnnTimeStepStepByStepIsTheFullSequence() {
        MultiLayerNetwork net = stack(2, true);
        INDArray x = rand(1, M, IN, T);
        INDArray whole = net.rnnTimeStep(x);
        Map<String, INDArray> stateAfterWhole = net.rnnGetPreviousState(1);
        net.rnnClearPreviousState();
        for (int t = 0; t < T; t++) {
            INDArray step =
                    net.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)));
            NdAssert.assertClose(
                    "step " + t,
                    step,
                    whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)),
                    1e-12);
        }
        NdAssert.assertClose(
                "the state after the last step",
                net.rnnGetPreviousState(1).get(TbpttGru.STATE_KEY),
                stateAfterWhole.get(TbpttGru.STATE_KEY),
                1e-12);
        // a state set from outside is where the next step starts
        Map<String, INDArray> s = Map.of(TbpttGru.STATE_KEY, rand(5, M, H));
        net.rnnClearPreviousState();
        net.rnnSetPreviousState(0, s);
        INDArray a = net.rnnTimeStep(x);
        net.rnnClearPreviousState();
        net.rnnSetPreviousState(0, s);
        assertThat(net.rnnTimeStep(x).equalsWithEps(a, 1e-12)).isTrue();
        net.rnnClearPreviousState();
        assertThat(net.rnnTimeStep(x).equalsWithEps(a, 1e-3))
                .as("zeros differ from the set state")
                .isFalse();
    }

    /**
     * As RNNModel trains: two layers, the second minibatch from the first one's state, checked at a
     * seeded sample of 12 entries of each parameter. Cost: about 3 s (6.4 s at every entry).
     */
    @Test
    void trainingCarriesTheStateAndItsGradientMatchesCentralDifferences() {
        MultiLayerNetwork net = stack(2, true);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, M, IN, T);
        for (int b = 0; b < M; b++) {
            for (int t = 0; t < T; t++) {
                labels.putScalar(new long[] {b, (b + t) % IN, t}, 1);
            }
        }
        net.setInput(rand(1, M, IN, T));
        net.setLabels(labels);
        net.computeGradientAndScore(); // the first minibatch: the state moves on to its last step
        List<Map<String, INDArray>> carried = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, INDArray> s = ((RecurrentLayer) net.getLayer(i)).rnnGetTBPTTState();
            assertThat(s.get(TbpttGru.STATE_KEY).amaxNumber().doubleValue()).isGreaterThan(0.05);
            carried.add(TbpttSimpleRnnTest.copy(s));
        }
        INDArray x2 = rand(3, M, IN, T);
        java.util.function.DoubleSupplier secondBatch = () -> {
            for (int i = 0; i < 2; i++) {
                ((RecurrentLayer) net.getLayer(i)).rnnSetTBPTTState(TbpttSimpleRnnTest.copy(carried.get(i)));
            }
            net.setInput(x2);
            net.setLabels(labels);
            net.computeGradientAndScore();
            return net.score();
        };
        secondBatch.getAsDouble();
        // DL4J's gradient is that of the loss summed over the minibatch, its score the mean
        INDArray analytic =
                net.getFlattenedGradients().div(M).reshape(net.params().shape());
        GradientCheck.assertGradientInPlace(
                "two TbpttGru layers in a MultiLayerNetwork, carried state",
                analytic,
                net.params(),
                secondBatch,
                1e-6,
                1e-6,
                1e-8,
                GradientCheck.samplePerPart(TbpttLstmTest.paramLengths(net), 12, 23));
    }

    @Test
    void theParameterCountIsNnGrus() {
        RNNModel model =
                new RNNModel(new TbpttGru(new SimpleRnn.Builder().nIn(28).nOut(256)), 28, new Sgd(1), 42);
        assertThat(model.net().getLayer(0).numParams()).isEqualTo(3 * 256 * (28 + 256 + 2)); // 219,648
        assertThat(model.net().numParams()).isEqualTo(226_844); // + Linear(256, 28)
        assertThat(model.net().getLayer(0).getParam("W").shape()).containsExactly(28, 768);
        assertThat(model.net().getLayer(0).getParam("RW").shape()).containsExactly(256, 768);
        assertThat(model.net().getLayer(0).getParam("b").shape()).containsExactly(1, 768);
        assertThat(model.net().getLayer(0).getParam("bhh").shape()).containsExactly(1, 768);
    }

    @Test
    void torchInitDrawsEveryParameterFromPyTorchsBounds() {
        RNNModel model =
                new RNNModel(new TbpttGru(new SimpleRnn.Builder().nIn(28).nOut(256)), 28, new Sgd(1), 42);
        double bound = 1 / Math.sqrt(256);
        for (String key : List.of("W", "RW", "b", "bhh")) {
            INDArray p = model.net().getLayer(0).getParam(key);
            assertThat(p.amaxNumber().doubleValue())
                    .as(key)
                    .isLessThanOrEqualTo(bound)
                    .isGreaterThan(0.95 * bound);
            assertThat(p.meanNumber().doubleValue())
                    .as(key + " mean")
                    .isCloseTo(0, org.assertj.core.api.Assertions.within(0.1 * bound));
        }
        INDArray b = model.net().getLayer(0).getParam("b");
        INDArray bhh = model.net().getLayer(0).getParam("bhh");
        assertThat(b.equalsWithEps(bhh, 1e-3)).as("two separate draws").isFalse();
    }

    @Test
    void refusesWhatItDoesNotSupport() {
        assertThatThrownBy(() -> stackOf(new TbpttGru(new SimpleRnn.Builder().nOut(H))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs nIn and nOut set, got nIn=0");
        assertThatThrownBy(() -> stackOf(new TbpttGru(gru(IN).hasLayerNorm(true))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no layer norm (hasLayerNorm=true)");
        assertThatThrownBy(() -> stackOf(new TbpttGru(gru(IN).dropOut(new Dropout(0.5)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no dropout");
        assertThatThrownBy(() -> stackOf(new TbpttGru(gru(IN).dataFormat(RNNFormat.NWC))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only the NCW layout (NWC)");
        assertThatThrownBy(() -> stackOf(new TbpttGru(gru(IN).activation(Activation.RELU))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tanh and sigmoid gates; got activation relu");
        MultiLayerNetwork net = stack(1, true);
        INDArray x = rand(1, M, IN, T);
        assertThatThrownBy(() -> net.output(x, false, Nd4j.ones(DataType.DOUBLE, M, T), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TbpttGru supports no masks, got a mask of shape [2, 3]");
    }

    private static MultiLayerNetwork stackOf(TbpttGru layer) {
        MultiLayerNetwork net = new MultiLayerNetwork(
                new NeuralNetConfiguration.Builder().list().layer(layer).build());
        net.init();
        return net;
    }
}
