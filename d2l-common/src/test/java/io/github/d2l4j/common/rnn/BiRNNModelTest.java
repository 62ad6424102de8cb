package io.github.d2l4j.common.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** {@link BiRNNModel}: gradients with carried states, the backward direction's state, units, counts. */
class BiRNNModelTest {
    static final int VOCAB = 5;
    static final int HIDDEN = 3;

    static INDArray tokens(long seed, int batch, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, batch, steps).muli(VOCAB).castTo(DataType.INT32);
    }

    static final List<String> LSTMS = List.of("fwd0", "bwd0", "fwd1", "bwd1");

    @Test
    void gradientWithCarriedStatesInBothDirectionsMatchesCentralDifferences() {
        BiRNNModel net = new BiRNNModel(VOCAB, HIDDEN, 2, new Sgd(0.1), 7, DataType.DOUBLE);
        ComputationGraph g = net.graph();
        g.params().muli(3); // larger weights: carried states far from zero
        net.beginState(2);
        net.forwardBackward(tokens(1, 2, 3), tokens(2, 2, 3));
        List<Map<String, INDArray>> carried = new ArrayList<>();
        for (String name : LSTMS) {
            Map<String, INDArray> s = ((RecurrentLayer) g.getLayer(name)).rnnGetTBPTTState();
            assertThat(s.get("prevMem").amaxNumber().doubleValue())
                    .as("carried C of %s", name)
                    .isGreaterThan(0.1);
            carried.add(TbpttLstmTest.copy(s));
        }
        INDArray X = tokens(3, 2, 3);
        INDArray Y = tokens(4, 2, 3);
        DoubleSupplier loss = () -> {
            for (int i = 0; i < LSTMS.size(); i++) {
                ((RecurrentLayer) g.getLayer(LSTMS.get(i))).rnnSetTBPTTState(TbpttLstmTest.copy(carried.get(i)));
            }
            return net.forwardBackward(X, Y);
        };
        loss.getAsDouble();
        RNNModel.scaleFoldedBiasGradients(g.getLayers(), -0.5); // the gradient of the loss (see BiRNNModel)
        INDArray analytic = g.getGradientsViewArray().dup().reshape(g.params().shape());
        // every fifth of the 491 parameters (each probe is two passes of the graph): all four
        // LSTMs' W, RW and b blocks and the output layer get probes
        long[] probes =
                LongStream.range(0, g.numParams()).filter(i -> i % 5 == 0).toArray();
        GradientCheck.assertGradientInPlace(
                "BiRNNModel, carried states", analytic, g.params(), loss, 1e-6, 1e-5, 1e-9, probes);
    }

    @Test
    void theBackwardLstmCarriesTheStateOfTheBatchsFirstStep() {
        BiRNNModel net = new BiRNNModel(VOCAB, HIDDEN, 1, new Sgd(0.1), 7, DataType.DOUBLE);
        net.beginState(2);
        INDArray X = tokens(1, 2, 4);
        net.forwardBackward(X, tokens(2, 2, 4));
        RecurrentLayer bwd = (RecurrentLayer) net.graph().getLayer("bwd0");
        INDArray carried = bwd.rnnGetTBPTTState().get("prevAct").dup();
        // the backward LSTM alone on the batch reversed in time, from zeros: its last output is
        // its state at the batch's first step
        INDArray reversedX = X.dup();
        for (int t = 0; t < 4; t++) {
            reversedX.putColumn(t, X.getColumn(3 - t).dup());
        }
        INDArray reversed = net.oneHot(reversedX);
        bwd.rnnClearPreviousState();
        INDArray out = bwd.rnnTimeStep(reversed.dup('f'), LayerWorkspaceMgr.noWorkspaces());
        NdAssert.assertClose("backward state after a batch", carried, out.get(all(), all(), point(3)), 1e-12);
        INDArray fwdCarried = ((RecurrentLayer) net.graph().getLayer("fwd0"))
                .rnnGetTBPTTState()
                .get("prevAct");
        assertThat(fwdCarried.sub(carried).amaxNumber().doubleValue())
                .as("the directions carry different states")
                .isGreaterThan(1e-3);
    }

    @Test
    void theLossIsTheMeanCrossEntropyPerToken() {
        BiRNNModel net = new BiRNNModel(VOCAB, HIDDEN, 2, new Sgd(0.1), 7, DataType.DOUBLE);
        INDArray X = tokens(1, 2, 4);
        INDArray Y = tokens(2, 2, 4);
        INDArray probs = net.graph().outputSingle(net.oneHot(X)); // (batch, vocab, steps), from zeros
        double sum = 0;
        for (int i = 0; i < 2; i++) {
            for (int t = 0; t < 4; t++) {
                sum -= Math.log(probs.getDouble(i, Y.getInt(i, t), t));
            }
        }
        net.beginState(2);
        assertThat(net.forwardBackward(X, Y)).isCloseTo(sum / 8, within(1e-12));
    }

    @Test
    void theBooksParameterCountAndShapes() {
        BiRNNModel net = new BiRNNModel(28, 256, 2, new Sgd(1), 42, DataType.FLOAT);
        // DL4J: 2 * 4*256*(28+256+1) + 2 * 4*256*(512+256+1) + 512*28 + 28
        assertThat(net.graph().numParams()).isEqualTo(2_172_956);
        assertThat(net.torchParamCount()).isEqualTo(2_177_052); // the book's nn.LSTM + Linear(512, 28)
        assertThat(net.graph().getLayer("out").getParam("W").shape()).containsExactly(512, 28);
        double bound = 1 / Math.sqrt(512);
        assertThat(net.graph().getLayer("out").getParam("W").amaxNumber().doubleValue())
                .isLessThanOrEqualTo(bound)
                .isGreaterThan(0.9 * bound);
        net.beginState(1);
        INDArray logits = net.predict(Nd4j.createFromArray(new int[][] {{3}}));
        assertThat(logits.shape()).containsExactly(1, 28);
    }

    @Test
    void generationOneTokenAtATimeEqualsOneForwardPassWhileEachCallIsOneStep() {
        BiRNNModel net = new BiRNNModel(VOCAB, HIDDEN, 2, new Sgd(0.1), 7, DataType.DOUBLE);
        net.beginState(2);
        INDArray X = tokens(1, 2, 1);
        INDArray one = net.predict(X);
        INDArray whole = net.graph().outputSingle(net.oneHot(X));
        NdAssert.assertClose("one step", Nd4j.math().exp(one), whole.get(all(), all(), point(0)), 1e-12);
        String text = TrainCh8.predictCh8("abc", 5, net, TrainCh8Test.vocab("abcd"));
        assertThat(text.replace("<unk>", "?"))
                .as("the prefix and 5 tokens")
                .hasSize(8)
                .startsWith("abc");
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> new BiRNNModel(0, 3, 2, new Sgd(1), 1, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0, 3, 2");
    }
}
