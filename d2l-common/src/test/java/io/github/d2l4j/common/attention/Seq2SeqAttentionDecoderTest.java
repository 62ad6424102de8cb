package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.seq2seq.Decoder;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.Gru;
import io.github.d2l4j.common.seq2seq.MaskedSoftmaxCELoss;
import io.github.d2l4j.common.seq2seq.Seq2SeqEncoder;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** 10.4's decoder: the book's demo shapes, a by-hand oracle, gradients, training and prediction. */
class Seq2SeqAttentionDecoderTest {

    static EncoderDecoder tiny(int srcVocab, int tgtVocab, int embed, int hidden, int layers, double dropout) {
        return new EncoderDecoder(
                new Seq2SeqEncoder(srcVocab, embed, hidden, layers, dropout),
                new Seq2SeqAttentionDecoder(tgtVocab, embed, hidden, layers, dropout));
    }

    @Test
    void theBooksDemoShapes() {
        Nd4j.getRandom().setSeed(1);
        Seq2SeqEncoder encoder = new Seq2SeqEncoder(10, 8, 16, 2, 0);
        encoder.eval();
        Seq2SeqAttentionDecoder decoder = new Seq2SeqAttentionDecoder(10, 8, 16, 2, 0);
        decoder.eval();
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", Nd4j.zeros(DataType.INT32, 4, 7));
        List<SDVariable> state = decoder.initState(encoder.forward(X, null), null);
        Decoder.Output o = decoder.forward(X, state);
        // output.shape, len(state), state[0].shape, len(state[1]), state[1][0].shape
        assertThat(o.output().eval().shape()).containsExactly(4, 7, 10);
        assertThat(o.state()).hasSize(3);
        assertThat(o.state().get(0).eval().shape()).containsExactly(4, 7, 16);
        INDArray hidden = o.state().get(1).eval();
        assertThat(hidden.size(0)).isEqualTo(2);
        assertThat(hidden.get(NDArrayIndex.point(0)).shape()).containsExactly(4, 16);
        assertThat(o.state().get(2)).as("the demo's enc_valid_lens is None").isNull();
        // one (batch, 1, keys) weight per step, and all of them in the output
        assertThat(decoder.attentionWeights()).hasSize(7);
        assertThat(decoder.attentionWeights().get(6).eval().shape()).containsExactly(4, 1, 7);
        INDArray all = o.attentionWeights().eval();
        assertThat(all.shape()).containsExactly(4, 7, 7);
        NdAssert.assertClose("rows sum to 1", all.sum(2), Nd4j.ones(DataType.FLOAT, 4, 7), 1e-5);
    }

    @Test
    void twoStepsMatchTheBooksFormulasByHandWithTheContextFirst() {
        Nd4j.getRandom().setSeed(2);
        EncoderDecoder net = tiny(5, 6, 3, 4, 2, 0.1);
        net.eval();
        Seq2SeqAttentionDecoder decoder = (Seq2SeqAttentionDecoder) net.decoder();
        INDArray encX = Nd4j.createFromArray(new int[][] {{1, 2, 3, 0}, {4, 3, 0, 0}});
        INDArray validLen = Nd4j.createFromArray(3, 2);
        List<INDArray> s0 = net.encode(encX, validLen);
        assertThat(s0).hasSize(3);
        assertThat(s0.get(0).shape()).containsExactly(2, 4, 4);
        assertThat(s0.get(2).dataType()).isEqualTo(DataType.INT32);
        int[][] tokens = {{2, 4}, {1, 5}};
        EncoderDecoder.Step step = net.decode(Nd4j.createFromArray(tokens), s0);

        INDArray keys = s0.get(0).castTo(DataType.DOUBLE);
        INDArray H = s0.get(1).castTo(DataType.DOUBLE).dup();
        for (int t = 0; t < 2; t++) {
            for (int b = 0; b < 2; b++) {
                INDArray query =
                        H.get(NDArrayIndex.point(1), NDArrayIndex.point(b)).reshape(1, 4);
                INDArray k = keys.get(NDArrayIndex.point(b)); // (4 keys, h)
                INDArray w = additiveWeights(decoder.attention(), query, k, validLen.getInt(b));
                NdAssert.assertClose(
                        "weights of step " + t + ", sequence " + b,
                        step.attentionWeights()
                                .get(NDArrayIndex.point(b), NDArrayIndex.point(t))
                                .castTo(DataType.DOUBLE)
                                .reshape(1, 4),
                        w,
                        1e-5);
                INDArray context = w.mmul(k); // (1, h)
                INDArray emb = decoder.embedding()
                        .parameter("weight")
                        .getRow(tokens[b][t])
                        .castTo(DataType.DOUBLE)
                        .reshape(1, 3);
                INDArray x = Nd4j.concat(1, context, emb); // the book's cat((context, x)): context first
                INDArray h = H.get(NDArrayIndex.all(), NDArrayIndex.point(b)).dup(); // (layers, h)
                INDArray top = gruStep(decoder.rnn(), x, h);
                H.get(NDArrayIndex.all(), NDArrayIndex.point(b)).assign(h);
                INDArray logits = top.mmul(
                                decoder.dense().weight().castTo(DataType.DOUBLE).transpose())
                        .addiRowVector(decoder.dense().bias().castTo(DataType.DOUBLE));
                NdAssert.assertClose(
                        "logits of step " + t + ", sequence " + b,
                        step.output()
                                .get(NDArrayIndex.point(b), NDArrayIndex.point(t))
                                .castTo(DataType.DOUBLE)
                                .reshape(1, 6),
                        logits,
                        1e-4);
            }
        }
        NdAssert.assertClose("final state", step.state().get(1).castTo(DataType.DOUBLE), H, 1e-4);
        NdAssert.assertClose("enc_outputs pass through", step.state().get(0), s0.get(0), 0);
        assertThat(step.state().get(2).toIntVector()).containsExactly(3, 2);
    }

    /** The additive attention's weights of one query (1, h) over keys (n, h), the first validLen kept. */
    private static INDArray additiveWeights(AdditiveAttention a, INDArray query, INDArray keys, int validLen) {
        INDArray Wq =
                ((io.github.d2l4j.common.block.Linear) a.child("W_q")).weight().castTo(DataType.DOUBLE);
        INDArray Wk =
                ((io.github.d2l4j.common.block.Linear) a.child("W_k")).weight().castTo(DataType.DOUBLE);
        INDArray wv =
                ((io.github.d2l4j.common.block.Linear) a.child("w_v")).weight().castTo(DataType.DOUBLE);
        INDArray features = Transforms.tanh(keys.mmul(Wk.transpose()).addRowVector(query.mmul(Wq.transpose())));
        INDArray scores = features.mmul(wv.transpose()).reshape(1, keys.size(0));
        for (long j = validLen; j < keys.size(0); j++) {
            scores.putScalar(0, j, -1e6);
        }
        INDArray e = Transforms.exp(scores.sub(scores.maxNumber()));
        return e.div(e.sumNumber());
    }

    /** One step of nn.GRU for one sequence: x (1, in), h (layers, hidden) updated in place; returns the top layer (1, h). */
    private static INDArray gruStep(Gru gru, INDArray x, INDArray h) {
        int n = gru.numHiddens();
        INDArray input = x;
        for (int l = 0; l < gru.numLayers(); l++) {
            INDArray gi = input.mmul(p(gru, "weight_ih_l" + l).transpose()).addiRowVector(p(gru, "bias_ih_l" + l));
            INDArray prev = h.getRow(l).reshape(1, n);
            INDArray gh = prev.mmul(p(gru, "weight_hh_l" + l).transpose()).addiRowVector(p(gru, "bias_hh_l" + l));
            INDArray r = Transforms.sigmoid(cols(gi, 0, n).add(cols(gh, 0, n)));
            INDArray z = Transforms.sigmoid(cols(gi, n, 2 * n).add(cols(gh, n, 2 * n)));
            INDArray c = Transforms.tanh(cols(gi, 2 * n, 3 * n).add(r.mul(cols(gh, 2 * n, 3 * n))));
            INDArray next = z.rsub(1).mul(c).add(z.mul(prev));
            h.getRow(l).assign(next.reshape(n));
            input = next;
        }
        return input;
    }

    private static INDArray p(Gru gru, String name) {
        return gru.parameter(name).castTo(DataType.DOUBLE);
    }

    private static INDArray cols(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    @Test
    void theModelsGradientsMatchCentralDifferences() {
        Nd4j.getRandom().setSeed(3);
        EncoderDecoder net = tiny(5, 6, 3, 4, 2, 0);
        TrainSeq2seq.xavierInitWeights(net);
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.INT32, -1, 3);
        SDVariable XValidLen = sd.placeHolder("X_valid_len", DataType.INT32, -1);
        SDVariable decX = sd.placeHolder("dec_X", DataType.INT32, -1, 3);
        SDVariable Y = sd.placeHolder("Y", DataType.INT32, -1, 3);
        SDVariable YValidLen = sd.placeHolder("Y_valid_len", DataType.INT32, -1);
        SDVariable l = new MaskedSoftmaxCELoss(6)
                .forward(net.forward(X, decX, XValidLen).output(), Y, YValidLen)
                .sum("l_sum");
        sd.setLossVariables(l);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("X", Nd4j.createFromArray(new int[][] {{1, 2, 3}, {4, 3, 1}}));
        feed.put("X_valid_len", Nd4j.createFromArray(3, 2)); // the second source's last key is masked
        feed.put("dec_X", Nd4j.createFromArray(new int[][] {{2, 4, 5}, {2, 1, 3}}));
        feed.put("Y", Nd4j.createFromArray(new int[][] {{4, 5, 3}, {1, 3, 0}}));
        feed.put("Y_valid_len", Nd4j.createFromArray(3, 2));
        Map<String, INDArray> params = net.namedParameters();
        List<String> vars = variableNames(sd, params);
        Map<String, INDArray> grads = sd.calculateGradients(feed, vars.toArray(String[]::new));
        int i = 0;
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            INDArray g = grads.get(vars.get(i++));
            long n = p.getValue().length();
            // float32 throughout: a step of 1e-2 and a tolerance to match
            GradientCheck.assertGradientInPlace(
                    p.getKey(),
                    g,
                    p.getValue(),
                    () -> sd.output(feed, "l_sum").get("l_sum").getDouble(0),
                    1e-2,
                    2e-2,
                    5e-4,
                    0,
                    n / 2,
                    n - 1);
        }
        // encoder: embedding, 2-layer GRU; decoder: W_k, W_q, w_v, embedding, 2-layer GRU, dense weight and bias
        assertThat(i).isEqualTo(1 + 8 + 3 + 1 + 8 + 2);
        assertThat(params).containsKeys("decoder.attention.W_k.weight", "decoder.attention.w_v.weight");
    }

    /** The graph variables of a block's parameters, in {@code namedParameters()} order. */
    private static List<String> variableNames(SameDiff sd, Map<String, INDArray> params) {
        Map<INDArray, String> names = new IdentityHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.put(v.getArr(), v.name());
            }
        }
        List<String> out = new ArrayList<>();
        params.values().forEach(p -> out.add(names.get(p)));
        return out;
    }

    /** Six epochs with dropout, then prediction. Cost: about 5 s (12 epochs took 8.4 s). */
    @Test
    void itTrainsWithDropoutAndPredictsWithOneWeightRowPerToken() {
        Nd4j.getRandom().setSeed(4);
        List<String> letters = List.of("a", "b", "c", "d", "e");
        Vocab vocab = new Vocab(letters, 0, List.of("<pad>", "<bos>", "<eos>"));
        List<MachineTranslation.Batch> batches = copyBatches(vocab, letters, 2, 32, 6, new Random(4));
        // dropout 0.1: every step's GRU and attention draws get their own placeholders in one graph
        EncoderDecoder net = tiny(vocab.size(), vocab.size(), 8, 16, 2, 0.1);
        TrainSeq2seq.Result r = TrainSeq2seq.trainSeq2seq(net, batches, 0.02, 6, vocab, null);
        assertThat(r.epochs()).hasSize(6);
        // after 6 epochs the loss was 0.62, 0.58 and 0.59 of the first epoch's on seeds 4, 1, 2
        // (0.48, 0.44, 0.46 after 12)
        assertThat(r.loss()).isLessThan(0.8 * r.epochs().get(0).loss());
        for (String src : List.of("c a b", "b d", "e e a c")) {
            TrainSeq2seq.Prediction p = TrainSeq2seq.predictSeq2seq(net, src, vocab, vocab, 6, true);
            int tokens = p.translation().isEmpty() ? 0 : p.translation().split(" ").length;
            // one row per generated token, and one for <eos> when the prediction stopped there
            assertThat(p.attentionWeights().size()).isIn(tokens, tokens + 1).isBetween(1, 6);
            int validLen = src.split(" ").length + 1; // the source and its <eos>
            for (INDArray w : p.attentionWeights()) {
                assertThat(w.shape()).containsExactly(1, 1, 6);
                double[] row = w.reshape(6).toDoubleVector();
                double sum = 0;
                for (int k = 0; k < 6; k++) {
                    sum += row[k];
                    if (k >= validLen) {
                        assertThat(row[k]).as("weight on padding of " + src).isEqualTo(0.0);
                    }
                }
                assertThat(sum).isCloseTo(1, within(1e-5));
            }
        }
        assertThat(net.isTraining()).isFalse();
    }

    /** Batches of random letter sequences (1 to numSteps - 1 letters) whose target is the source. */
    static List<MachineTranslation.Batch> copyBatches(
            Vocab vocab, List<String> letters, int numBatches, int batchSize, int numSteps, Random random) {
        List<MachineTranslation.Batch> out = new ArrayList<>();
        for (int b = 0; b < numBatches; b++) {
            int[][] X = new int[batchSize][];
            int[] validLen = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                int len = 1 + random.nextInt(numSteps - 1);
                int[] line = new int[len + 1];
                for (int t = 0; t < len; t++) {
                    line[t] = vocab.get(letters.get(random.nextInt(letters.size())));
                }
                line[len] = vocab.get("<eos>");
                validLen[i] = len + 1;
                X[i] = MachineTranslation.truncatePad(line, numSteps, vocab.get("<pad>"));
            }
            INDArray x = Nd4j.createFromArray(X).castTo(DataType.INT64);
            INDArray v = Nd4j.createFromArray(validLen).castTo(DataType.INT64);
            out.add(new MachineTranslation.Batch(x, v, x.dup(), v.dup()));
        }
        return out;
    }

    @Test
    void badSizesAndStatesAreRefused() {
        assertThatThrownBy(() -> new Seq2SeqAttentionDecoder(10, 8, 0, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden 0");
        assertThatThrownBy(() -> new Seq2SeqAttentionDecoder(10, 8, 16, 2, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout must be in [0, 1), got 1.0");
        Seq2SeqAttentionDecoder decoder = new Seq2SeqAttentionDecoder(10, 8, 16, 2, 0);
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", Nd4j.zeros(DataType.INT32, 4, 7));
        assertThatThrownBy(() -> decoder.forward(X, List.of(X)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1 elements");
    }
}
