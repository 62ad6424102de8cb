package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.seq2seq.Decoder;
import io.github.d2l4j.common.seq2seq.Dropout;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 10.7's Transformer blocks: the book's demos, the causal mask, the decoder's cache against its
 * masked pass, the book's position-0 quirk in prediction, central-difference gradients of both
 * blocks, readable attention weights and bad input.
 */
class TransformerTest {
    private static final long[] DEMO_NORM = {100, 24};

    @Test
    void theBooksEncoderBlockDemoKeepsTheShapeWith14280Parameters() {
        Nd4j.getRandom().setSeed(1);
        EncoderBlock encoderBlk = new EncoderBlock(24, 24, 24, 24, DEMO_NORM, 24, 48, 8, 0.5).eval();
        INDArray out = encoderBlk.apply(Nd4j.ones(DataType.FLOAT, 2, 100, 24), Nd4j.createFromArray(3, 2));
        assertThat(out.shape()).containsExactly(2, 100, 24);
        assertThat(count(encoderBlk)).isEqualTo(14_280);
        assertThat(encoderBlk.namedParameters().keySet())
                .startsWith("attention.W_q.weight")
                .contains("addnorm1.ln.weight", "ffn.dense1.bias", "addnorm2.ln.bias");
    }

    @Test
    void theBooksTransformerEncoderDemoAndItsAttentionWeightsPerBlock() {
        Nd4j.getRandom().setSeed(2);
        TransformerEncoder encoder = new TransformerEncoder(200, 24, 24, 24, 24, DEMO_NORM, 24, 48, 8, 2, 0.5);
        encoder.eval();
        TransformerEncoder.Forward f = encoder.apply(Nd4j.ones(DataType.INT32, 2, 100), Nd4j.createFromArray(3, 2));
        assertThat(f.output().shape()).containsExactly(2, 100, 24);
        assertThat(f.attentionWeights()).hasSize(2);
        for (INDArray w : f.attentionWeights()) {
            assertThat(w.shape()).as("(batch * heads, queries, keys)").containsExactly(16, 100, 100);
            NdAssert.assertClose("rows sum to 1", w.sum(2), Nd4j.ones(DataType.FLOAT, 16, 100), 1e-5);
            // heads of batch element 0 (rows 0-7) see 3 keys, those of element 1 (rows 8-15) see 2
            assertThat(w.get(NDArrayIndex.interval(0, 8), NDArrayIndex.all(), NDArrayIndex.interval(3, 100))
                            .maxNumber()
                            .doubleValue())
                    .isZero();
            assertThat(w.get(NDArrayIndex.interval(8, 16), NDArrayIndex.all(), NDArrayIndex.interval(2, 100))
                            .maxNumber()
                            .doubleValue())
                    .isZero();
            assertThat(w.get(NDArrayIndex.interval(8, 16), NDArrayIndex.all(), NDArrayIndex.interval(0, 2))
                            .minNumber()
                            .doubleValue())
                    .isPositive();
        }
        assertThat(encoder.namedParameters().keySet())
                .startsWith("embedding.weight")
                .contains("blks.0.attention.W_q.weight", "blks.1.addnorm2.ln.bias");
    }

    @Test
    void theBooksDecoderBlockDemoOnTheEncoderBlocksOutput() {
        Nd4j.getRandom().setSeed(3);
        EncoderBlock encoderBlk = new EncoderBlock(24, 24, 24, 24, DEMO_NORM, 24, 48, 8, 0.5).eval();
        DecoderBlock decoderBlk = new DecoderBlock(24, 24, 24, 24, DEMO_NORM, 24, 48, 8, 0.5, 0).eval();
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", Nd4j.ones(DataType.FLOAT, 2, 100, 24));
        SDVariable validLens = sd.constant("validLens", Nd4j.createFromArray(3, 2));
        List<SDVariable> state = List.of(encoderBlk.forward(X, validLens, 100), validLens, DecoderBlock.none(sd));
        Decoder.Output o = decoderBlk.forward(X, state, 100, 100);
        assertThat(o.output().eval().shape()).containsExactly(2, 100, 24);
        // the cache of block 0 now holds X, and the weights of both attentions are readable
        assertThat(o.state().get(2).eval().shape()).containsExactly(2, 100, 24);
        assertThat(decoderBlk.selfAttentionWeights().eval().shape()).containsExactly(16, 100, 100);
        INDArray cross = decoderBlk.crossAttentionWeights().eval();
        assertThat(cross.shape()).containsExactly(16, 100, 100);
        assertThat(cross.get(NDArrayIndex.interval(0, 8), NDArrayIndex.all(), NDArrayIndex.interval(3, 100))
                        .maxNumber()
                        .doubleValue())
                .as("the encoder's valid lengths mask the cross attention")
                .isZero();
    }

    /** A small decoder without dropout: vocabulary 12, 8 hidden units, 2 heads, 2 layers. */
    private static TransformerDecoder smallDecoder(int numLayers) {
        return new TransformerDecoder(12, 8, 8, 8, 8, new long[] {8}, 8, 16, 2, numLayers, 0);
    }

    private static TransformerEncoder smallEncoder() {
        return new TransformerEncoder(11, 8, 8, 8, 8, new long[] {8}, 8, 16, 2, 2, 0);
    }

    /** The decoder's outputs on tokens X for encoder outputs enc, in its current mode. */
    private static INDArray decode(TransformerDecoder decoder, INDArray X, INDArray enc, INDArray encValidLens) {
        SameDiff sd = SameDiff.create();
        List<SDVariable> state = decoder.initState(List.of(sd.constant(enc)), sd.constant(encValidLens));
        return decoder.forward(sd.constant("X", X), state).output().eval();
    }

    @Test
    void inTrainingNoPositionSeesALaterOne() {
        Nd4j.getRandom().setSeed(4);
        TransformerDecoder decoder = smallDecoder(2); // training mode: the causal mask is on
        INDArray enc = Nd4j.randn(DataType.FLOAT, 2, 6, 8);
        INDArray lens = Nd4j.createFromArray(4, 6);
        INDArray X = Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}});
        INDArray base = decode(decoder, X, enc, lens);
        for (int k = 1; k < 5; k++) {
            INDArray perturbed = X.dup();
            perturbed.putScalar(0, k, 11);
            perturbed.putScalar(1, k, 0);
            INDArray out = decode(decoder, perturbed, enc, lens);
            NdAssert.assertClose("positions before " + k, steps(out, 0, k), steps(base, 0, k), 1e-5);
            assertThat(steps(out, k, k + 1)
                            .sub(steps(base, k, k + 1))
                            .amaxNumber()
                            .doubleValue())
                    .as("position %d sees its own token", k)
                    .isGreaterThan(1e-3);
        }
        // in evaluation there is no mask: an earlier position sees the change
        decoder.eval();
        INDArray perturbed = X.dup();
        perturbed.putScalar(0, 4, 11);
        assertThat(steps(decode(decoder, perturbed, enc, lens), 0, 1)
                        .sub(steps(decode(decoder, X, enc, lens), 0, 1))
                        .amaxNumber()
                        .doubleValue())
                .isGreaterThan(1e-3);
    }

    @Test
    void theDecodersAttentionWeightsAreReadableAfterAForwardPass() {
        Nd4j.getRandom().setSeed(9);
        TransformerDecoder decoder = smallDecoder(2); // training: the causal mask
        assertThat(decoder.attentionWeights()).isEmpty();
        SameDiff sd = SameDiff.create();
        List<SDVariable> state = decoder.initState(
                List.of(sd.constant(Nd4j.randn(DataType.FLOAT, 2, 6, 8))), sd.constant(Nd4j.createFromArray(4, 6)));
        decoder.forward(sd.constant(Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}})), state);
        assertThat(decoder.attentionWeights()).hasSize(4);
        for (SDVariable v : decoder.selfAttentionWeights()) {
            INDArray w = v.eval();
            assertThat(w.shape()).containsExactly(4, 5, 5);
            for (int q = 0; q < 4; q++) {
                assertThat(w.get(NDArrayIndex.all(), NDArrayIndex.point(q), NDArrayIndex.interval(q + 1, 5))
                                .maxNumber()
                                .doubleValue())
                        .as("query %d sees no later key", q)
                        .isZero();
            }
        }
        for (SDVariable v : decoder.crossAttentionWeights()) {
            INDArray w = v.eval();
            assertThat(w.shape()).containsExactly(4, 5, 6);
            // heads of batch element 0 (rows 0-1) see 4 source steps
            assertThat(w.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all(), NDArrayIndex.interval(4, 6))
                            .maxNumber()
                            .doubleValue())
                    .isZero();
        }
    }

    @Test
    void aBlocksMaskedPassEqualsItsStepByStepPassWithTheCache() {
        Nd4j.getRandom().setSeed(5);
        DecoderBlock blk = new DecoderBlock(8, 8, 8, 8, new long[] {8}, 8, 16, 2, 0, 0);
        INDArray X = Nd4j.randn(DataType.FLOAT, 2, 5, 8);
        INDArray enc = Nd4j.randn(DataType.FLOAT, 2, 6, 8);
        INDArray lens = Nd4j.createFromArray(4, 6);

        blk.train(true); // the whole sequence at once, with the causal mask
        SameDiff whole = SameDiff.create();
        Decoder.Output w = blk.forward(whole.constant(X), state(whole, enc, lens, null), 5, 6);
        INDArray expected = w.output().eval();
        assertThat(blk.selfAttentionWeights().eval().shape()).containsExactly(4, 5, 5);

        blk.eval(); // one step at a time, each with the cache of the earlier steps and no mask
        INDArray cache = null;
        for (int t = 0; t < 5; t++) {
            SameDiff sd = SameDiff.create();
            Decoder.Output o = blk.forward(sd.constant(steps(X, t, t + 1)), state(sd, enc, lens, cache), 1, 6);
            NdAssert.assertClose("step " + t, o.output().eval(), steps(expected, t, t + 1), 1e-5);
            cache = o.state().get(2).eval();
            assertThat(cache.shape()).containsExactly(2, t + 1, 8);
            assertThat(blk.selfAttentionWeights().eval().shape()).containsExactly(4, 1, t + 1);
        }
        NdAssert.assertClose("the cache holds every step's input", cache, X, 0);
    }

    private static List<SDVariable> state(SameDiff sd, INDArray enc, INDArray lens, INDArray cache) {
        return List.of(sd.constant(enc), sd.constant(lens), cache == null ? DecoderBlock.none(sd) : sd.constant(cache));
    }

    @Test
    void predictionGivesEveryTokenPositionZeroAsTheBookDoes() {
        Nd4j.getRandom().setSeed(6);
        TransformerEncoder encoder = smallEncoder();
        TransformerDecoder decoder = smallDecoder(2);
        EncoderDecoder net = new EncoderDecoder(encoder, decoder);
        net.eval();
        INDArray src = Nd4j.createFromArray(new int[][] {{3, 4, 5, 1, 1, 1}});
        List<INDArray> state = net.encode(src, Nd4j.createFromArray(3));
        assertThat(state).hasSize(4);
        assertThat(state.get(2).rank()).as("the book's None: no cache yet").isZero();
        INDArray enc = state.get(0);
        int[] tokens = {2, 7, 9, 4};
        INDArray X = Nd4j.createFromArray(new int[][] {tokens});

        // decode as predict_seq2seq does: one token per call, the state fed back
        List<INDArray> stepOutputs = new ArrayList<>();
        for (int t = 0; t < tokens.length; t++) {
            EncoderDecoder.Step step = net.decode(Nd4j.createFromArray(new int[][] {{tokens[t]}}), state);
            state = step.state();
            stepOutputs.add(step.output());
            assertThat(state.get(2).shape()).containsExactly(1, t + 1, 8);
            TransformerDecoder.AttentionWeights weights =
                    TransformerDecoder.splitAttentionWeights(step.attentionWeights(), 2, 6);
            assertThat(weights.self()).hasSize(2);
            assertThat(weights.self().get(1).shape()).containsExactly(2, 1, t + 1);
            assertThat(weights.cross().get(0).shape()).containsExactly(2, 1, 6);
            assertThat(weights.cross()
                            .get(0)
                            .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 6))
                            .maxNumber()
                            .doubleValue())
                    .isZero();
        }

        // the same as the masked pass over the whole target when every token has position 0
        INDArray atPositionZero = maskedPassAtPositionZero(decoder, X, enc, Nd4j.createFromArray(3));
        for (int t = 0; t < tokens.length; t++) {
            NdAssert.assertClose(
                    "step " + t + " at position 0", stepOutputs.get(t), steps(atPositionZero, t, t + 1), 1e-4);
        }
        // ... and not the same as the masked pass that gives them positions 0, 1, 2, ...
        decoder.train(true);
        INDArray trained = decode(decoder, X, enc, Nd4j.createFromArray(3));
        NdAssert.assertClose(
                "the first step has position 0 either way", stepOutputs.get(0), steps(trained, 0, 1), 1e-4);
        for (int t = 1; t < tokens.length; t++) {
            assertThat(stepOutputs
                            .get(t)
                            .sub(steps(trained, t, t + 1))
                            .amaxNumber()
                            .doubleValue())
                    .as("step %d: position 0 in prediction, %d in training", t, t)
                    .isGreaterThan(1e-3);
        }
    }

    /** The decoder's blocks in training mode (causal mask, no dropout) on embeddings that all get P[0]. */
    private static INDArray maskedPassAtPositionZero(
            TransformerDecoder decoder, INDArray X, INDArray enc, INDArray encValidLens) {
        decoder.train(true);
        SameDiff sd = SameDiff.create();
        int numSteps = (int) X.size(1);
        INDArray p0 = decoder.posEncoding()
                .P()
                .get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 1), NDArrayIndex.all())
                .reshape(1, 1, decoder.numHiddens());
        SDVariable H = decoder.embedding()
                .forward(sd.constant(X))
                .mul(Math.sqrt(decoder.numHiddens()))
                .add(sd.constant(p0));
        List<SDVariable> state = decoder.initState(List.of(sd.constant(enc)), sd.constant(encValidLens));
        for (DecoderBlock blk : decoder.blocks()) {
            Decoder.Output o = blk.forward(H, state, numSteps, enc.size(1));
            H = o.output();
            state = o.state();
        }
        SDVariable W = sd.constant(decoder.dense().weight());
        SDVariable b = sd.constant(decoder.dense().bias());
        return H.reshape(-1, decoder.numHiddens())
                .mmul(W.permute(1, 0))
                .add(b)
                .reshape(X.size(0), numSteps, -1)
                .eval();
    }

    @Test
    void encoderBlockGradientsMatchCentralDifferencesWithDropoutHeldFixed() {
        Nd4j.getRandom().setSeed(7);
        EncoderBlock blk = new EncoderBlock(4, 4, 4, 4, new long[] {4}, 4, 6, 2, 0.2);
        randomiseLayerNorms(blk);
        INDArray lens = Nd4j.createFromArray(2, 3);
        int checked = checkGradients(
                blk,
                Nd4j.randn(DataType.FLOAT, 2, 3, 4),
                (X) -> blk.forward(X, X.getSameDiff().constant(lens), 3));
        assertThat(checked).isEqualTo(1 + blk.namedParameters().size());
    }

    @Test
    void decoderBlockGradientsMatchCentralDifferencesWithTheCausalMaskAndDropout() {
        Nd4j.getRandom().setSeed(8);
        DecoderBlock blk = new DecoderBlock(4, 4, 4, 4, new long[] {4}, 4, 6, 2, 0.2, 0);
        randomiseLayerNorms(blk);
        INDArray enc = Nd4j.randn(DataType.FLOAT, 2, 4, 4);
        INDArray lens = Nd4j.createFromArray(2, 4);
        int checked = checkGradients(blk, Nd4j.randn(DataType.FLOAT, 2, 3, 4), (X) -> {
            SameDiff sd = X.getSameDiff();
            List<SDVariable> state = List.of(sd.var("enc", enc), sd.constant(lens), DecoderBlock.none(sd));
            return blk.forward(X, state, 3, 4).output();
        });
        assertThat(checked).isEqualTo(1 + blk.namedParameters().size());
    }

    /** Layer norms away from (1, 0), so that their gradients say something. */
    private static void randomiseLayerNorms(Block blk) {
        blk.namedParameters().forEach((name, p) -> {
            if (name.contains(".ln.")) {
                p.assign(Nd4j.rand(DataType.FLOAT, p.shape()).addi(name.endsWith("weight") ? 0.5 : -0.5));
            }
        });
    }

    /**
     * Central differences of sum(out * R) for a fixed random R, with respect to X and every
     * parameter of {@code blk} (a few elements of each), with the graph's dropout draws fixed.
     * Returns the number of arrays checked.
     */
    private static int checkGradients(Block blk, INDArray x, Function<SDVariable, SDVariable> forward) {
        SameDiff sd = SameDiff.create();
        SDVariable out = forward.apply(sd.var("X", x));
        Map<String, INDArray> feed = Dropout.draws(sd, x.size(0));
        assertThat(feed).as("dropout in the graph").isNotEmpty();
        INDArray r = Nd4j.rand(DataType.FLOAT, out.eval(feed).shape()).subi(0.5);
        sd.setLossVariables(out.mul(sd.constant(r)).sum("loss"));
        Map<INDArray, String> names = new IdentityHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.put(v.getArr(), v.name());
            }
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("X", x);
        arrays.putAll(blk.namedParameters());
        Map<String, INDArray> grads = sd.calculateGradients(
                feed, arrays.values().stream().map(names::get).toArray(String[]::new));
        arrays.forEach((name, a) -> {
            long n = a.length();
            long[] at = n <= 8 ? new long[0] : new long[] {0, n / 3, n / 2, n - 1};
            GradientCheck.assertGradientInPlace(
                    blk.getClass().getSimpleName() + " " + name,
                    grads.get(names.get(a)),
                    a,
                    () -> sd.output(feed, "loss").get("loss").getDouble(0),
                    1e-2,
                    2e-2,
                    1e-3,
                    at);
        });
        return arrays.size();
    }

    @Test
    void badInputIsAClearErrorNamingTheNumbers() {
        assertThatThrownBy(() -> new EncoderBlock(24, 24, 24, 24, new long[] {24}, 24, 48, 5, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_hiddens 24")
                .hasMessageContaining("num_heads 5");
        assertThatThrownBy(() -> new DecoderBlock(24, 24, 24, 24, new long[] {24}, 24, 48, 7, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24")
                .hasMessageContaining("7");
        assertThatThrownBy(() -> new TransformerEncoder(200, 25, 25, 25, 25, new long[] {25}, 25, 48, 5, 2, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even")
                .hasMessageContaining("25");
        assertThatThrownBy(() -> new TransformerDecoder(200, 25, 25, 25, 25, new long[] {25}, 25, 48, 5, 2, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even")
                .hasMessageContaining("25");
        assertThatThrownBy(() -> new EncoderBlock(24, 24, 24, 24, new long[] {100, 32}, 24, 48, 8, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[100, 32]")
                .hasMessageContaining("24");
        assertThatThrownBy(() -> new TransformerEncoder(200, 24, 24, 24, 24, new long[] {24}, 24, 48, 8, 0, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> TransformerDecoder.splitAttentionWeights(Nd4j.ones(4, 1, 21), 2, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[4, 1, 21]");
    }

    private static INDArray steps(INDArray X, long from, long to) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all()};
        return X.get(idx).dup();
    }

    private static long count(Block b) {
        return b.namedParameters().values().stream().mapToLong(INDArray::length).sum();
    }
}
