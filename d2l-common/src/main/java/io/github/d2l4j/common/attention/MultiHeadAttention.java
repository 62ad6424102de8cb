package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Linear;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The book's multi-head attention: h heads, each a scaled dot-product attention on its own
 * learned projections, concatenated and projected again,
 *
 * <p>\( \mathbf h_i = f(\mathbf W_i^{(q)} \mathbf q, \mathbf W_i^{(k)} \mathbf k, \mathbf
 * W_i^{(v)} \mathbf v) \in \mathbb R^{p_v} \), output \( \mathbf W_o [\mathbf h_1; \ldots;
 * \mathbf h_h] \in \mathbb R^{p_o} \),
 *
 * <p>with \( p_q = p_k = p_v = p_o / h \), \( p_o \) = num_hiddens. As in the book all heads are
 * computed at once: {@code W_q}, {@code W_k}, {@code W_v} and {@code W_o} are {@code nn.Linear}
 * layers (num_hiddens outputs, drawn in that order, without bias by default), {@link
 * #transposeQkv} splits their outputs into heads stacked along the batch axis (batch-major, the
 * head index fastest), one {@link DotProductAttention} scores all heads (so the scale is
 * \( \sqrt{p_o / h} \)), with the valid lengths repeated per head, and {@link #transposeOutput}
 * puts the heads back side by side. Its attention weights are the inner attention's, (batch *
 * heads, queries, keys).
 *
 * <p>{@link #concise} builds ND4J's own {@code multiHeadDotProductAttention} on the same weights.
 *
 * <p>Defined in D2L §10.5.
 */
public final class MultiHeadAttention extends Attention {
    private final int numHeads;
    private final int numHiddens;
    private final boolean bias;
    private final DotProductAttention attention;
    private final Linear W_q;
    private final Linear W_k;
    private final Linear W_v;
    private final Linear W_o;

    public MultiHeadAttention(
            int keySize, int querySize, int valueSize, int numHiddens, int numHeads, double dropout, boolean bias) {
        super(dropout);
        if (keySize <= 0 || querySize <= 0 || valueSize <= 0 || numHiddens <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("MultiHeadAttention needs positive sizes, got key size " + keySize
                    + ", query size " + querySize + ", value size " + valueSize + ", num_hiddens " + numHiddens
                    + ", num_heads " + numHeads);
        }
        if (numHiddens % numHeads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention splits num_hiddens " + numHiddens
                    + " evenly among num_heads " + numHeads + ": " + numHiddens + " is not a multiple of "
                    + numHeads);
        }
        this.numHeads = numHeads;
        this.numHiddens = numHiddens;
        this.bias = bias;
        attention = addChild("attention", new DotProductAttention(dropout));
        W_q = addChild("W_q", new Linear(querySize, numHiddens, bias));
        W_k = addChild("W_k", new Linear(keySize, numHiddens, bias));
        W_v = addChild("W_v", new Linear(valueSize, numHiddens, bias));
        W_o = addChild("W_o", new Linear(numHiddens, numHiddens, bias));
    }

    /** The book's default, {@code bias=False}. */
    public MultiHeadAttention(int keySize, int querySize, int valueSize, int numHiddens, int numHeads, double dropout) {
        this(keySize, querySize, valueSize, numHiddens, numHeads, dropout, false);
    }

    @Override
    public SDVariable forward(
            SDVariable queries,
            SDVariable keys,
            SDVariable values,
            SDVariable validLens,
            long numQueries,
            long numKeys) {
        requireInputs("MultiHeadAttention", queries, keys, values);
        long d = numHiddens / numHeads;
        // (batch, n, num_hiddens) -> (batch * num_heads, n, num_hiddens / num_heads)
        SDVariable q = transposeQkv(Shapes.linear(W_q, queries, numQueries), numHeads, numQueries, d);
        SDVariable k = transposeQkv(Shapes.linear(W_k, keys, numKeys), numHeads, numKeys, d);
        SDVariable v = transposeQkv(Shapes.linear(W_v, values, numKeys), numHeads, numKeys, d);
        // the book's repeat_interleave(valid_lens, num_heads, dim=0): the same lengths for every head
        SDVariable lens = validLens == null ? null : repeatInterleave(validLens, numHeads);
        SDVariable output = attention.forward(q, k, v, lens, numQueries, numKeys, numHeads, d);
        keep(attention.attentionWeights());
        // (batch * num_heads, queries, num_hiddens / num_heads) -> (batch, queries, num_hiddens)
        return Shapes.linear(W_o, transposeOutput(output, numHeads, numQueries, d), numQueries);
    }

    /**
     * The book's {@code transpose_qkv}: X (batch, n, num_hiddens) to (batch * num_heads, n,
     * num_hiddens / num_heads), head i of batch element b at index b * num_heads + i, its features
     * those of X from i * num_hiddens / num_heads on.
     *
     * <p>Defined in D2L §10.5.
     */
    public static SDVariable transposeQkv(SDVariable X, int numHeads) {
        return transposeQkv(X, numHeads, -1, -1);
    }

    /** {@link #transposeQkv(SDVariable, int)} with fixed sizes where n and d are known ({@code > 0}). */
    static SDVariable transposeQkv(SDVariable X, int numHeads, long n, long d) {
        if (n > 0 && d > 0) {
            return X.reshape(-1, n, numHeads, d).permute(0, 2, 1, 3).reshape(-1, n, d);
        }
        SDVariable split = Shapes.reshape(X, Shapes.sizes(X, 0, 2), numHeads, -1); // (batch, n, heads, d)
        SDVariable headsFirst = split.permute(0, 2, 1, 3); // (batch, heads, n, d)
        return Shapes.reshapeHead(headsFirst, Shapes.sizes(headsFirst, 2, 2), -1);
    }

    /**
     * The book's {@code transpose_output}, the inverse of {@link #transposeQkv}: X (batch *
     * num_heads, n, d) to (batch, n, num_heads * d).
     *
     * <p>Defined in D2L §10.5.
     */
    public static SDVariable transposeOutput(SDVariable X, int numHeads) {
        return transposeOutput(X, numHeads, -1, -1);
    }

    /** {@link #transposeOutput(SDVariable, int)} with fixed sizes where n and d are known ({@code > 0}). */
    static SDVariable transposeOutput(SDVariable X, int numHeads, long n, long d) {
        if (n > 0 && d > 0) {
            return X.reshape(-1, numHeads, n, d).permute(0, 2, 1, 3).reshape(-1, n, numHeads * d);
        }
        SDVariable split = Shapes.reshapeHead(X, Shapes.sizes(X, 1, 2), -1, numHeads); // (batch, heads, n, d)
        SDVariable queriesFirst = split.permute(0, 2, 1, 3); // (batch, n, heads, d)
        return Shapes.reshape(queriesFirst, Shapes.sizes(queriesFirst, 0, 2), -1);
    }

    /**
     * The book's {@code torch.repeat_interleave(valid_lens, repeats=num_heads, dim=0)}: each
     * batch element's valid lengths {@code times} times in a row. Valid lengths (batch) become
     * (batch * times, 1) and (batch, queries) become (batch * times, queries), which {@link
     * MaskedSoftmax} reads alike.
     */
    public static SDVariable repeatInterleave(SDVariable validLens, int times) {
        SameDiff sd = validLens.getSameDiff();
        SDVariable batch = Shapes.sizes(validLens, 0, 1);
        SDVariable perBatch = Shapes.reshape(validLens, batch, 1, -1); // (batch, 1, m)
        SDVariable repeated = sd.tile(perBatch, 1, times, 1); // (batch, times, m)
        SDVariable rows = batch.mul(sd.constant(Nd4j.createFromArray((long) times)));
        return Shapes.reshape(repeated, rows, -1);
    }

    /**
     * The concise counterpart: ND4J's own {@code sd.nn.multiHeadDotProductAttention}, scaled, fed
     * this block's weights (as constants: a snapshot, for inference), on batch-major queries (batch,
     * queries, query size), keys and values, with ND4J's only mask, one per key (batch, keys) of 1
     * (attend) and 0, or null. ND4J's op is feature-major, (batch, features, steps), and keeps the
     * projections per head, {@code Wq} (heads, d, query size): here {@code W_q}'s weight split into
     * heads, as {@link #transposeQkv} splits its outputs, and {@code Wo} is {@code W_o}'s weight
     * transposed. Scaled, it divides the scores by \( \sqrt{p_o / h} \), as the book's does. Without
     * a mask it gives {@link #forward}'s output; a key mask from valid lengths of at least 1 ({@link
     * io.github.d2l4j.common.seq2seq.SequenceMask#mask}) gives the same output as those valid
     * lengths. It knows no per-query valid lengths, no causal mask and no biases.
     *
     * <p>Example: {@code attention.concise(queries, keys, values, null)}, next to {@code
     * attention.forward(queries, keys, values, null)}.
     *
     * <p>Defined in D2L §10.5.
     */
    public SDVariable concise(SDVariable queries, SDVariable keys, SDVariable values, SDVariable keyMask) {
        requireInputs("MultiHeadAttention.concise", queries, keys, values);
        if (bias) {
            throw new IllegalStateException("ND4J's multiHeadDotProductAttention has no biases; this"
                    + " MultiHeadAttention was made with bias=true");
        }
        SameDiff sd = queries.getSameDiff();
        long d = numHiddens / numHeads;
        SDVariable Wq = sd.constant(perHead(W_q.weight(), d));
        SDVariable Wk = sd.constant(perHead(W_k.weight(), d));
        SDVariable Wv = sd.constant(perHead(W_v.weight(), d));
        SDVariable Wo = sd.constant(W_o.weight().transpose().dup());
        SDVariable out = sd.nn.multiHeadDotProductAttention(
                queries.permute(0, 2, 1),
                keys.permute(0, 2, 1),
                values.permute(0, 2, 1),
                Wq,
                Wk,
                Wv,
                Wo,
                keyMask,
                true);
        return out.permute(0, 2, 1); // (batch, num_hiddens, queries) -> (batch, queries, num_hiddens)
    }

    /** A projection's weight (num_hiddens, in) as ND4J's per-head weights (heads, d, in). */
    private INDArray perHead(INDArray weight, long d) {
        return weight.dup().reshape(numHeads, d, weight.size(1));
    }

    @Override
    public void train(boolean mode) {
        super.train(mode);
        attention.train(mode);
    }

    public int numHeads() {
        return numHeads;
    }

    public int numHiddens() {
        return numHiddens;
    }

    @Override
    protected String describe() {
        return "MultiHeadAttention(num_hiddens=" + numHiddens + ", num_heads=" + numHeads + ")";
    }
}
