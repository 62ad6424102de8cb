package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.seq2seq.Decoder;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Block i of the Transformer decoder: masked multi-head self-attention, encoder-decoder attention
 * and a position-wise feed-forward network, each followed by an {@link AddNorm},
 *
 * <p>\( Y = \mathrm{AddNorm}_1(X, \mathrm{MHA}_1(X, KV, KV)) \), \( Z = \mathrm{AddNorm}_2(Y,
 * \mathrm{MHA}_2(Y, H_{enc}, H_{enc})) \), output \( \mathrm{AddNorm}_3(Z, \mathrm{FFN}(Z)) \).
 *
 * <p>The state is the book's {@code [enc_outputs, enc_valid_lens, [cache of block 0, ...]]},
 * flattened into one list: {@code [encOutputs, encValidLens, cache_0, ..., cache_{L-1}]}
 * (SameDiff state elements are variables, fed back one by one; see {@link TransformerDecoder}).
 * This block's cache, {@code state[2 + i]}, holds the inputs X of this block at all earlier
 * steps, and the keys and values of the self-attention are {@code KV = cat(cache, X)} along the
 * steps ({@code X} alone when the cache is the book's {@code None}); KV becomes the new cache.
 *
 * <p>Masking, as the book does it: in <b>training</b> the whole target goes through at once and
 * the self-attention gets the causal valid lengths {@code dec_valid_lens = arange(1, T + 1)} for
 * every sequence, so query t sees keys 0 to t and nothing later. In <b>evaluation</b> there is no
 * mask: prediction feeds one token at a time, and the cache holds exactly the earlier steps.
 * Dropout is where the book puts it (trap 10): on both attentions' weights and inside the
 * add-norms; none in the FFN.
 *
 * <p>The book does not save it in its package (it is the {@code DecoderBlock} of 10.7); chapter
 * 10 and later chapters build on it from here.
 *
 * <p>Defined in D2L §10.7.
 */
public final class DecoderBlock extends Block {
    private final int i;
    private final MultiHeadAttention attention1;
    private final AddNorm addnorm1;
    private final MultiHeadAttention attention2;
    private final AddNorm addnorm2;
    private final PositionWiseFFN ffn;
    private final AddNorm addnorm3;
    private boolean training = true; // PyTorch modules start in training mode

    public DecoderBlock(
            int keySize,
            int querySize,
            int valueSize,
            int numHiddens,
            long[] normShape,
            int ffnNumInput,
            int ffnNumHiddens,
            int numHeads,
            double dropout,
            int i) {
        EncoderBlock.requireNormShape("DecoderBlock", normShape, numHiddens);
        if (i < 0) {
            throw new IllegalArgumentException("DecoderBlock's index i must be >= 0, got " + i);
        }
        this.i = i;
        this.attention1 = addChild(
                "attention1", new MultiHeadAttention(keySize, querySize, valueSize, numHiddens, numHeads, dropout));
        this.addnorm1 = addChild("addnorm1", new AddNorm(normShape, dropout));
        this.attention2 = addChild(
                "attention2", new MultiHeadAttention(keySize, querySize, valueSize, numHiddens, numHeads, dropout));
        this.addnorm2 = addChild("addnorm2", new AddNorm(normShape, dropout));
        this.ffn = addChild("ffn", new PositionWiseFFN(ffnNumInput, ffnNumHiddens, numHiddens));
        this.addnorm3 = addChild("addnorm3", new AddNorm(normShape, dropout));
    }

    /**
     * The book's {@code forward(X, state)}: X (batch, numSteps, numHiddens), the state {@code
     * [encOutputs (batch, encSteps, numHiddens), encValidLens (batch) or None, cache_0, ...]}.
     * Returns the output (batch, numSteps, numHiddens) and the state with this block's cache
     * replaced. SameDiff does not know the shape of a computed variable, so the numbers of steps
     * come in: {@code numSteps} of X, and {@code encSteps} of the encoder's outputs (for the dropout
     * masks of training; -1 where unknown, in evaluation).
     */
    public Decoder.Output forward(SDVariable X, List<SDVariable> state, int numSteps, long encSteps) {
        if (state.size() <= 2 + i) {
            throw new IllegalArgumentException("DecoderBlock " + i + " needs a state [enc_outputs, enc_valid_lens,"
                    + " cache_0, ..., cache_" + i + "], got " + state.size() + " elements");
        }
        SDVariable encOutputs = state.get(0);
        SDVariable encValidLens = isNone(state.get(1)) ? null : state.get(1);
        SDVariable cache = state.get(2 + i);
        // the book's key_values: X alone while the cache is None (training, the first step of a
        // prediction), else every earlier step of this block's input and then X
        SDVariable keyValues = isNone(cache) ? X : X.getSameDiff().concat(1, cache, X);
        long keySteps = isNone(cache) ? numSteps : -1;
        List<SDVariable> newState = new ArrayList<>(state);
        newState.set(2 + i, keyValues);
        // the causal mask, in training only: query t sees keys 0 to t
        SDVariable decValidLens = training ? causalValidLens(X, numSteps) : null;

        SDVariable X2 = attention1.forward(X, keyValues, keyValues, decValidLens, numSteps, keySteps);
        SDVariable Y = addnorm1.forward(X, X2, numSteps);
        SDVariable Y2 = attention2.forward(Y, encOutputs, encOutputs, encValidLens, numSteps, encSteps);
        SDVariable Z = addnorm2.forward(Y, Y2, numSteps);
        return new Decoder.Output(addnorm3.forward(Z, ffn.forward(Z), numSteps), newState);
    }

    /** A decoder block needs a state: use {@link #forward(SDVariable, List, int, long)}. */
    @Override
    public SDVariable forward(SDVariable X) {
        throw new UnsupportedOperationException(
                "DecoderBlock needs a state: call forward(X, state, numSteps, encSteps)");
    }

    /**
     * The book's {@code dec_valid_lens = torch.arange(1, num_steps + 1).repeat(batch_size, 1)}:
     * (batch, numSteps), every row 1, 2, ..., numSteps, in X's data type.
     */
    static SDVariable causalValidLens(SDVariable X, int numSteps) {
        SameDiff sd = X.getSameDiff();
        INDArray arange = Nd4j.arange(1, numSteps + 1).castTo(DataType.FLOAT).reshape(1, numSteps);
        // zeros of (batch, numSteps) made from X, so that the batch size is X's at run time
        SDVariable zeros = X.sum(2).mul(0);
        return zeros.add(sd.constant(arange.castTo(X.dataType())));
    }

    /** The book's {@code None} in a state: a scalar (a cache or valid lengths not there yet). */
    public static SDVariable none(SameDiff sd) {
        return sd.constant(Nd4j.scalar(0));
    }

    /** Whether {@code v} is the book's {@code None}: a variable of rank 0 ({@link #none}, or its placeholder). */
    public static boolean isNone(SDVariable v) {
        long[] shape = v.getShape();
        return shape != null && shape.length == 0;
    }

    /** The self-attention weights of the last forward pass, (batch * heads, steps, keys), before dropout. */
    public SDVariable selfAttentionWeights() {
        return attention1.attentionWeights();
    }

    /** The encoder-decoder attention weights of the last forward pass, (batch * heads, steps, encSteps). */
    public SDVariable crossAttentionWeights() {
        return attention2.attentionWeights();
    }

    /** PyTorch's {@code train(mode)}: the causal mask and dropout are in the graphs built afterwards. */
    public void train(boolean mode) {
        training = mode;
        attention1.train(mode);
        attention2.train(mode);
        addnorm1.train(mode);
        addnorm2.train(mode);
        addnorm3.train(mode);
    }

    /** PyTorch's {@code eval()}: {@code train(false)}. Returns this block, as the book chains it. */
    public DecoderBlock eval() {
        train(false);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** The block's index i: its cache is {@code state[2 + i]}. */
    public int index() {
        return i;
    }

    public MultiHeadAttention attention1() {
        return attention1;
    }

    public MultiHeadAttention attention2() {
        return attention2;
    }

    public PositionWiseFFN ffn() {
        return ffn;
    }
}
