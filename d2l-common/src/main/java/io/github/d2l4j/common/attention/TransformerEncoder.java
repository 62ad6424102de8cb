package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Sequential;
import io.github.d2l4j.common.seq2seq.Dropout;
import io.github.d2l4j.common.seq2seq.Embedding;
import io.github.d2l4j.common.seq2seq.Encoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Transformer encoder: token embeddings, scaled by \( \sqrt{d} \) and added to the positional
 * encoding, then {@code numLayers} {@link EncoderBlock}s,
 *
 * <p>\( H^{(0)} = \mathrm{dropout}(\mathrm{Embedding}(X) \sqrt d + P) \), \( H^{(l)} =
 * \mathrm{EncoderBlock}_l(H^{(l-1)}) \).
 *
 * <p>The embedding is N(0, 1) (PyTorch's {@code nn.Embedding}); the encoding lies in [-1, 1], so
 * the embedding is scaled by \( \sqrt d \) (5.66 for d = 32) before they are added, and dropout
 * follows the sum (trap 10(a)). Children as in PyTorch: {@code embedding}, {@code pos_encoding}
 * and {@code blks}, whose blocks are {@code blks.0}, {@code blks.1}, ... (the book names them
 * {@code block0}, {@code block1}). After a forward pass {@link #attentionWeights()} holds each
 * block's self-attention weights, as the book's {@code attention_weights}.
 *
 * <p>Defined in D2L §10.7.
 */
public final class TransformerEncoder extends Encoder {
    private final int numHiddens;
    private final Embedding embedding;
    private final PositionalEncoding posEncoding;
    private final List<EncoderBlock> blocks = new ArrayList<>();
    private final List<SDVariable> attentionWeights = new ArrayList<>();

    public TransformerEncoder(
            int vocabSize,
            int keySize,
            int querySize,
            int valueSize,
            int numHiddens,
            long[] normShape,
            int ffnNumInput,
            int ffnNumHiddens,
            int numHeads,
            int numLayers,
            double dropout,
            boolean useBias) {
        if (numLayers < 1) {
            throw new IllegalArgumentException("TransformerEncoder needs at least one layer, got " + numLayers);
        }
        EncoderBlock.requireNormShape("TransformerEncoder", normShape, numHiddens);
        PositionalEncoding encoding = new PositionalEncoding(numHiddens, dropout); // checks d even, before any draw
        this.numHiddens = numHiddens;
        this.embedding = addChild("embedding", new Embedding(vocabSize, numHiddens));
        this.posEncoding = addChild("pos_encoding", encoding);
        Sequential blks = addChild("blks", new Sequential());
        for (int i = 0; i < numLayers; i++) {
            EncoderBlock blk = new EncoderBlock(
                    keySize,
                    querySize,
                    valueSize,
                    numHiddens,
                    normShape,
                    ffnNumInput,
                    ffnNumHiddens,
                    numHeads,
                    dropout,
                    useBias);
            blks.add(blk);
            blocks.add(blk);
        }
    }

    /** The book's default, {@code use_bias=False}. */
    public TransformerEncoder(
            int vocabSize,
            int keySize,
            int querySize,
            int valueSize,
            int numHiddens,
            long[] normShape,
            int ffnNumInput,
            int ffnNumHiddens,
            int numHeads,
            int numLayers,
            double dropout) {
        this(
                vocabSize,
                keySize,
                querySize,
                valueSize,
                numHiddens,
                normShape,
                ffnNumInput,
                ffnNumHiddens,
                numHeads,
                numLayers,
                dropout,
                false);
    }

    /**
     * The book's {@code forward(X, valid_lens)}: X (batch, steps) token indices, a placeholder or
     * constant (its steps must be known), validLens null or (batch). Returns {@code [H]}, H
     * (batch, steps, numHiddens).
     */
    @Override
    public List<SDVariable> forward(SDVariable X, SDVariable validLens) {
        int numSteps = Encoder.numSteps(X);
        SDVariable H = embedding.forward(X).mul(Math.sqrt(numHiddens));
        H = posEncoding.forward(H, numSteps);
        attentionWeights.clear();
        for (EncoderBlock blk : blocks) {
            H = blk.forward(H, validLens, numSteps);
            attentionWeights.add(blk.attentionWeights());
        }
        return List.of(H);
    }

    /** What {@link #apply} returns: the encoder's output and each block's attention weights. */
    public record Forward(INDArray output, List<INDArray> attentionWeights) {
        public Forward {
            attentionWeights = List.copyOf(attentionWeights);
        }
    }

    /**
     * The book's {@code encoder(X, valid_lens)} now, in this encoder's mode (fresh dropout draws in
     * training), and then its {@code attention_weights}: X (batch, steps) token indices, validLens
     * null or (batch).
     */
    public Forward apply(INDArray X, INDArray validLens) {
        if (X.rank() != 2) {
            throw new IllegalArgumentException(
                    "TransformerEncoder needs token indices (batch, steps), got " + Arrays.toString(X.shape()));
        }
        SameDiff sd = SameDiff.create();
        SDVariable out = forward(
                        sd.constant("X", X.castTo(DataType.INT32)),
                        validLens == null ? null : sd.constant("validLens", validLens))
                .get(0);
        List<String> names = new ArrayList<>(List.of(out.name()));
        attentionWeights.forEach(w -> names.add(w.name()));
        Map<String, INDArray> arrays = sd.output(Dropout.draws(sd, X.size(0)), names.toArray(String[]::new));
        return new Forward(
                arrays.get(out.name()),
                attentionWeights.stream().map(w -> arrays.get(w.name())).toList());
    }

    /**
     * The book's {@code attention_weights}: each block's self-attention weights from the last
     * forward pass, (batch * numHeads, steps, steps) each, block 0 first.
     */
    public List<SDVariable> attentionWeights() {
        return List.copyOf(attentionWeights);
    }

    /** PyTorch's {@code train(mode)}, for the positional encoding's dropout and every block. */
    @Override
    public void train(boolean mode) {
        super.train(mode);
        posEncoding.train(mode);
        blocks.forEach(b -> b.train(mode));
    }

    public Embedding embedding() {
        return embedding;
    }

    public PositionalEncoding posEncoding() {
        return posEncoding;
    }

    public List<EncoderBlock> blocks() {
        return List.copyOf(blocks);
    }

    public int numHiddens() {
        return numHiddens;
    }
}
