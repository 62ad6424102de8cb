package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.RNNModelScratch;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.testing.Pangrams;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 8.6's DL4J model against 8.5's from-scratch one with {@code nn.RNN}'s two biases, on the same
 * weights and batches.
 */
class RnnConciseTest {
    static final int VOCAB = 28;
    static final int HIDDEN = 16;

    /**
     * The scratch model with the concise model's (PyTorch-initialised) weights, and with two biases
     * where 8.5 has one {@code b_h}: {@code nn.RNN}'s {@code b_ih} and {@code b_hh}, half the
     * concise model's {@code b} each. Their sum is 8.5's {@code b_h}; each gets its gradient, as in
     * PyTorch, and the concise model must take the same step (see {@link RNNModel}).
     */
    static RNNModelScratch scratchLike(RNNModel concise, double lr) {
        Layer rnn = concise.net().getLayer(0);
        Layer out = concise.net().getLayer(1);
        Map<String, INDArray> weights = new LinkedHashMap<>();
        weights.put("W_xh", rnn.getParam("W").dup());
        weights.put("W_hh", rnn.getParam("RW").dup());
        weights.put("b_ih", rnn.getParam("b").div(2).reshape(HIDDEN));
        weights.put("b_hh", rnn.getParam("b").div(2).reshape(HIDDEN));
        weights.put("W_hq", out.getParam("W").dup());
        weights.put("b_q", out.getParam("b").dup().reshape(VOCAB));
        RNNModelScratch.ForwardFn twoBiases = (inputs, state, params) -> {
            Map<String, SDVariable> folded = new LinkedHashMap<>(params);
            folded.put("b_h", params.get("b_ih").add(params.get("b_hh")));
            return RnnScratch.rnn(inputs, state, folded);
        };
        return new RNNModelScratch(VOCAB, HIDDEN, (v, h) -> weights, RnnScratch::initRnnState, twoBiases)
                .withUpdater((params, grads) -> io.github.d2l4j.common.train.Scratch.sgd(params, grads, lr, 1));
    }

    static INDArray tokens(long seed, int batch, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, steps).muli(VOCAB).castTo(DataType.INT32);
    }

    @Test
    void sameWeightsGiveTheSameLossGradientsAndStepsOverCarriedStates() {
        RNNModel concise = RnnConcise.model(VOCAB, HIDDEN, 1, 42);
        RNNModelScratch scratch = scratchLike(concise, 1);
        concise.beginState(4);
        scratch.beginState(4);
        for (int batch = 0; batch < 3; batch++) { // the state carries over from the second batch on
            INDArray X = tokens(10 + batch, 4, 35);
            INDArray Y = tokens(20 + batch, 4, 35);
            double a = concise.forwardBackward(X, Y);
            double b = scratch.forwardBackward(X, Y);
            assertThat(a).as("loss of batch %d", batch).isCloseTo(b, within(1e-5));
            double normA = TrainCh8.gradClipping(concise, 0.05);
            double normB = TrainCh8.gradClipping(scratch, 0.05);
            assertThat(normA).as("gradient norm of batch %d", batch).isCloseTo(normB, within(1e-5 * normB));
            assertThat(normA).as("clipping applies").isGreaterThan(0.05);
            concise.update();
            scratch.update();
            assertSameParams(concise, scratch, "after step " + batch);
        }
        // and the same predictions from the same state
        concise.beginState(1);
        scratch.beginState(1);
        INDArray p = tokens(30, 1, 1);
        NdAssert.assertClose(
                "log-softmax of the predictions", logSoftmax(concise.predict(p)), logSoftmax(scratch.predict(p)), 1e-5);
    }

    static INDArray logSoftmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(1));
        return shifted.subColumnVector(Nd4j.math().log(Nd4j.math().exp(shifted).sum(1)));
    }

    static void assertSameParams(RNNModel concise, RNNModelScratch scratch, String when) {
        Layer rnn = concise.net().getLayer(0);
        Layer out = concise.net().getLayer(1);
        Map<String, INDArray> p = scratch.params();
        NdAssert.assertClose("W_xh " + when, rnn.getParam("W"), p.get("W_xh"), 1e-5);
        NdAssert.assertClose("W_hh " + when, rnn.getParam("RW"), p.get("W_hh"), 1e-5);
        NdAssert.assertClose(
                "b = b_ih + b_hh " + when,
                rnn.getParam("b").reshape(HIDDEN),
                p.get("b_ih").add(p.get("b_hh")),
                1e-5);
        NdAssert.assertClose("W_hq " + when, out.getParam("W"), p.get("W_hq"), 1e-5);
        NdAssert.assertClose("b_q " + when, out.getParam("b").reshape(VOCAB), p.get("b_q"), 1e-5);
    }

    @Test
    void pytorchsInitialisationOfNnRnnAndTheLinearLayer() {
        RNNModel net = RnnConcise.model(VOCAB, 256, 1, 42);
        double bound = 1 / Math.sqrt(256);
        Layer rnn = net.net().getLayer(0);
        for (String key : new String[] {"W", "RW"}) {
            assertThat(rnn.getParam(key).amaxNumber().doubleValue())
                    .isLessThanOrEqualTo(bound)
                    .isGreaterThan(0.9 * bound);
        }
        // one DL4J bias for PyTorch's two: their sum, up to twice the bound
        assertThat(rnn.getParam("b").amaxNumber().doubleValue())
                .isGreaterThan(bound)
                .isLessThanOrEqualTo(2 * bound);
        assertThat(net.net().getLayer(1).getParam("W").amaxNumber().doubleValue())
                .isLessThanOrEqualTo(bound);
        assertThat(net.net().numParams()).isEqualTo(80_156); // 28*256 + 256*256 + 256 + 256*28 + 28, one bias
    }

    @Test
    void theBooksShapesOnATextWithTheBooksVocabulary(@TempDir Path out) {
        RnnConcise.Config c = new RnnConcise.Config(Pangrams.lines(300, 1), 32, 35, 256, 1, 2, 42, out);
        RnnConcise.Result r = RnnConcise.run(c);
        assertThat(r.stateShape()).containsExactly(1, 32, 256);
        assertThat(r.outputShape()).containsExactly(35, 32, 256);
        assertThat(r.newStateShape()).containsExactly(1, 32, 256);
        assertThat(r.untrained()).hasSize(24).startsWith("time traveller");
        assertThat(r.training().epochs()).hasSize(2);
        assertThat(out.resolve("8.6-train.png")).isRegularFile();
    }
}
