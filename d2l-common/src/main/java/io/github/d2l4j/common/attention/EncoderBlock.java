package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.seq2seq.Dropout;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One block of the Transformer encoder: multi-head self-attention and a position-wise
 * feed-forward network, each followed by a residual connection and layer normalisation,
 *
 * <p>\( Y = \mathrm{AddNorm}_1(X, \mathrm{MHA}(X, X, X)) \), output \( \mathrm{AddNorm}_2(Y,
 * \mathrm{FFN}(Y)) \),
 *
 * <p>so the output has the input's shape (batch, steps, numHiddens). Its children are PyTorch's,
 * in PyTorch's order: {@code attention} ({@link MultiHeadAttention}, without biases by default),
 * {@code addnorm1}, {@code ffn} ({@link PositionWiseFFN} from ffnNumInput through ffnNumHiddens
 * to numHiddens) and {@code addnorm2}. Dropout is where the book puts it (trap 10): on the
 * attention weights and on each sublayer's output inside {@link AddNorm}, none in the FFN.
 *
 * <p>The book's demo, {@code EncoderBlock(24, 24, 24, 24, [100, 24], 24, 48, 8, 0.5)}, has 14,280
 * parameters: 4 x 24 x 24 in the attention, 2,376 in the FFN and 2 x 4,800 in the two layer norms
 * over [100, 24]. Chapter 14's BERT reuses it.
 *
 * <p>Defined in D2L §10.7.
 */
public final class EncoderBlock extends Block {
    private final MultiHeadAttention attention;
    private final AddNorm addnorm1;
    private final PositionWiseFFN ffn;
    private final AddNorm addnorm2;
    private final int numHiddens;
    private boolean training = true; // PyTorch modules start in training mode

    public EncoderBlock(
            int keySize,
            int querySize,
            int valueSize,
            int numHiddens,
            long[] normShape,
            int ffnNumInput,
            int ffnNumHiddens,
            int numHeads,
            double dropout,
            boolean useBias) {
        requireNormShape("EncoderBlock", normShape, numHiddens);
        this.numHiddens = numHiddens;
        this.attention = addChild(
                "attention",
                new MultiHeadAttention(keySize, querySize, valueSize, numHiddens, numHeads, dropout, useBias));
        this.addnorm1 = addChild("addnorm1", new AddNorm(normShape, dropout));
        this.ffn = addChild("ffn", new PositionWiseFFN(ffnNumInput, ffnNumHiddens, numHiddens));
        this.addnorm2 = addChild("addnorm2", new AddNorm(normShape, dropout));
    }

    /** The book's default, {@code use_bias=False}. */
    public EncoderBlock(
            int keySize,
            int querySize,
            int valueSize,
            int numHiddens,
            long[] normShape,
            int ffnNumInput,
            int ffnNumHiddens,
            int numHeads,
            double dropout) {
        this(
                keySize,
                querySize,
                valueSize,
                numHiddens,
                normShape,
                ffnNumInput,
                ffnNumHiddens,
                numHeads,
                dropout,
                false);
    }

    /**
     * The book's {@code forward(X, valid_lens)}: X (batch, numSteps, numHiddens), validLens null or
     * (batch). SameDiff does not know the shape of a computed variable, so the number of steps
     * comes in (for the dropout masks).
     */
    public SDVariable forward(SDVariable X, SDVariable validLens, int numSteps) {
        SDVariable Y = addnorm1.forward(X, attention.forward(X, X, X, validLens, numSteps, numSteps), numSteps);
        return addnorm2.forward(Y, ffn.forward(Y), numSteps);
    }

    /** {@link #forward(SDVariable, SDVariable, int)} without valid lengths, for a placeholder or constant X. */
    @Override
    public SDVariable forward(SDVariable X) {
        return forward(X, null, Names.steps(X));
    }

    /**
     * The book's {@code encoder_blk(X, valid_lens)} now, in this block's mode (fresh dropout draws
     * in training): X (batch, steps, numHiddens), validLens null or (batch).
     */
    public INDArray apply(INDArray X, INDArray validLens) {
        if (X.rank() != 3 || X.size(2) != numHiddens) {
            throw new IllegalArgumentException("EncoderBlock needs X of shape (batch, steps, " + numHiddens + "), got "
                    + Arrays.toString(X.shape()));
        }
        SameDiff sd = SameDiff.create();
        SDVariable out = forward(
                sd.constant("X", X.castTo(DataType.FLOAT)),
                validLens == null ? null : sd.constant("validLens", validLens),
                Math.toIntExact(X.size(1)));
        return out.eval(Dropout.draws(sd, X.size(0)));
    }

    /**
     * The attention weights of the last forward pass, (batch * numHeads, steps, steps), before
     * dropout; null before the first.
     */
    public SDVariable attentionWeights() {
        return attention.attentionWeights();
    }

    /** PyTorch's {@code train(mode)} for the attention and both add-norms. */
    public void train(boolean mode) {
        training = mode;
        attention.train(mode);
        addnorm1.train(mode);
        addnorm2.train(mode);
    }

    /** PyTorch's {@code eval()}: {@code train(false)}. Returns this block, as the book chains it. */
    public EncoderBlock eval() {
        train(false);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    public MultiHeadAttention attention() {
        return attention;
    }

    public PositionWiseFFN ffn() {
        return ffn;
    }

    /**
     * The layer norms normalise the last dimensions of (batch, steps, numHiddens): a normalized
     * shape of one or two dimensions ending in numHiddens.
     */
    static void requireNormShape(String who, long[] normShape, int numHiddens) {
        if (normShape == null
                || normShape.length < 1
                || normShape.length > 2
                || normShape[normShape.length - 1] != numHiddens) {
            throw new IllegalArgumentException(who + " normalises the last dimensions of (batch, steps, num_hiddens "
                    + numHiddens + "): norm_shape must be [" + numHiddens + "] or [steps, " + numHiddens + "], got "
                    + Arrays.toString(normShape));
        }
    }
}
