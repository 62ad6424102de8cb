package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.block.Sequential;
import io.github.d2l4j.common.seq2seq.Decoder;
import io.github.d2l4j.common.seq2seq.Embedding;
import io.github.d2l4j.common.seq2seq.Encoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Transformer decoder: embeddings scaled by \( \sqrt d \) plus the positional encoding, then
 * {@code numLayers} {@link DecoderBlock}s, then a dense layer to the vocabulary. Children as in
 * PyTorch: {@code embedding}, {@code pos_encoding}, {@code blks} ({@code blks.0}, ...) and
 * {@code dense} ({@code nn.Linear} with a bias). The book derives it from its {@code
 * AttentionDecoder}; here it extends {@link io.github.d2l4j.common.seq2seq.Decoder} directly, and
 * after a forward pass {@link #attentionWeights()} holds every block's self-attention weights, then
 * every block's encoder-decoder attention weights, in one flat list where the book nests two lists.
 *
 * <p><b>The state and its cache in SameDiff.</b> The book's {@code init_state} returns {@code
 * [enc_outputs, enc_valid_lens, [None] * num_layers]}, and each block writes its cache into the
 * inner list. Here the state is one flat list of variables, {@code [encOutputs, encValidLens,
 * cache_0, ..., cache_{L-1}]}, because {@code EncoderDecoder.decode} feeds each element back as a
 * placeholder of the same rank and data type. The book's {@code None} is a scalar ({@link
 * DecoderBlock#none}, rank 0), and a cache is (batch, steps so far, numHiddens), rank 3. {@code
 * decode} keys its compiled graphs by the ranks of the state, so prediction uses two graphs: the
 * first step's (every cache None, the self-attention's keys are the token alone) and one for all
 * later steps, whose rank-3 cache placeholders take any number of earlier steps. Nothing in {@code
 * EncoderDecoder} had to change.
 *
 * <p><b>The book's quirk in prediction, reproduced (trap 11).</b> {@code predict_seq2seq} feeds
 * the decoder one token per call, and the positional encoding adds {@code P[:, :1]}: every
 * generated token gets position 0, whereas training gives the target positions 0 to 9. The cache
 * still gives the self-attention every earlier step, but nothing tells the model their order. The
 * book's translations and attention maps come from this model, so it stays. Prediction is in
 * evaluation mode, so the causal mask is off; the cache alone keeps later steps out.
 *
 * <p><b>Attention weights in prediction.</b> A decoder returns one variable of attention weights
 * per call ({@link Decoder.Output#attentionWeights()}). This one returns every block's weights
 * joined along the key axis, self-attention of blocks 0 to L-1 first, then the encoder-decoder
 * attention of blocks 0 to L-1: (batch * heads, steps, L * keys + L * encSteps). {@link
 * #splitAttentionWeights} takes them apart again.
 *
 * <p>The book does not save it in its package (it is 10.7's {@code TransformerDecoder}).
 *
 * <p>Defined in D2L §10.7.
 */
public final class TransformerDecoder extends Decoder {
    private final int numHiddens;
    private final int numLayers;
    private final double dropout;
    private final Embedding embedding;
    private final PositionalEncoding posEncoding;
    private final List<DecoderBlock> blocks = new ArrayList<>();
    private final Linear dense;
    private final List<SDVariable> selfAttentionWeights = new ArrayList<>();
    private final List<SDVariable> crossAttentionWeights = new ArrayList<>();

    public TransformerDecoder(
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
        if (numLayers < 1) {
            throw new IllegalArgumentException("TransformerDecoder needs at least one layer, got " + numLayers);
        }
        EncoderBlock.requireNormShape("TransformerDecoder", normShape, numHiddens);
        PositionalEncoding encoding = new PositionalEncoding(numHiddens, dropout); // checks d even, before any draw
        this.numHiddens = numHiddens;
        this.numLayers = numLayers;
        this.dropout = dropout;
        this.embedding = addChild("embedding", new Embedding(vocabSize, numHiddens));
        this.posEncoding = addChild("pos_encoding", encoding);
        Sequential blks = addChild("blks", new Sequential());
        for (int i = 0; i < numLayers; i++) {
            DecoderBlock blk = new DecoderBlock(
                    keySize,
                    querySize,
                    valueSize,
                    numHiddens,
                    normShape,
                    ffnNumInput,
                    ffnNumHiddens,
                    numHeads,
                    dropout,
                    i);
            blks.add(blk);
            blocks.add(blk);
        }
        this.dense = addChild("dense", new Linear(numHiddens, vocabSize));
    }

    /**
     * The book's {@code init_state(enc_outputs, enc_valid_lens)}: {@code [encOutputs[0],
     * encValidLens, None, ..., None]}, one None per block; valid lengths null become None too.
     */
    @Override
    public List<SDVariable> initState(List<SDVariable> encOutputs, SDVariable encValidLens) {
        SDVariable H = encOutputs.get(0);
        SameDiff sd = H.getSameDiff();
        List<SDVariable> state = new ArrayList<>();
        state.add(H);
        state.add(encValidLens == null ? DecoderBlock.none(sd) : encValidLens);
        for (int i = 0; i < numLayers; i++) {
            state.add(DecoderBlock.none(sd));
        }
        return state;
    }

    /**
     * The book's {@code forward(X, state)}: X (batch, steps) token indices, a placeholder or
     * constant; returns the outputs (batch, steps, vocab), the state with every block's cache
     * grown by these steps, and the attention weights joined as the class javadoc says.
     *
     * <p>In training with dropout, the encoder-decoder attention's dropout mask needs the number
     * of source steps when the graph is built, but the encoder's outputs are computed, and
     * SameDiff knows no shape of a computed variable. The book's data pads source and target to
     * the same {@code num_steps}, so the source is taken to have the target's steps, and the
     * encoder's outputs are reshaped to (X's batch, steps, numHiddens): a source of another length
     * fails there when the graph runs, instead of being masked wrongly.
     */
    @Override
    public Output forward(SDVariable X, List<SDVariable> state) {
        if (state.size() != 2 + numLayers) {
            throw new IllegalArgumentException("TransformerDecoder with " + numLayers + " layers needs a state of "
                    + (2 + numLayers) + " elements [enc_outputs, enc_valid_lens, one cache per block], got "
                    + state.size());
        }
        int numSteps = Encoder.numSteps(X);
        SDVariable encOutputs = state.get(0);
        long encSteps = Shapes.staticSize(encOutputs, 1);
        if (isTraining() && dropout > 0 && encSteps < 1) {
            encSteps = numSteps;
            encOutputs = Shapes.reshape(encOutputs, Shapes.sizes(X, 0, 1), encSteps, numHiddens);
            state = new ArrayList<>(state);
            state.set(0, encOutputs);
        }
        // in prediction X is one token: P[:, :1] is added, position 0 at every step (trap 11)
        SDVariable H = posEncoding.forward(embedding.forward(X).mul(Math.sqrt(numHiddens)), numSteps);
        selfAttentionWeights.clear();
        crossAttentionWeights.clear();
        for (DecoderBlock blk : blocks) {
            Output o = blk.forward(H, state, numSteps, encSteps);
            H = o.output();
            state = o.state();
            selfAttentionWeights.add(blk.selfAttentionWeights());
            crossAttentionWeights.add(blk.crossAttentionWeights());
        }
        SDVariable joined = X.getSameDiff().concat(2, attentionWeights().toArray(SDVariable[]::new));
        return new Output(Shapes.linear(dense, H, numSteps), state, joined);
    }

    /**
     * The book's {@code attention_weights}, {@code [[self-attention of every block],
     * [encoder-decoder attention of every block]]}, flattened: the self-attention weights of blocks
     * 0 to L-1, then the encoder-decoder attention weights of blocks 0 to L-1, from the last forward
     * pass, each (batch * heads, steps, keys); the order of the joined variable that {@link
     * #forward} returns. Empty before the first pass.
     */
    public List<SDVariable> attentionWeights() {
        List<SDVariable> all = new ArrayList<>(selfAttentionWeights);
        all.addAll(crossAttentionWeights);
        return List.copyOf(all);
    }

    /** The self-attention weights of every block from the last forward pass, (batch * heads, steps, keys). */
    public List<SDVariable> selfAttentionWeights() {
        return List.copyOf(selfAttentionWeights);
    }

    /** The encoder-decoder attention weights of every block, (batch * heads, steps, encSteps). */
    public List<SDVariable> crossAttentionWeights() {
        return List.copyOf(crossAttentionWeights);
    }

    /** One call's attention weights, taken apart: per block, the self- and the encoder-decoder attention. */
    public record AttentionWeights(List<INDArray> self, List<INDArray> cross) {
        public AttentionWeights {
            self = List.copyOf(self);
            cross = List.copyOf(cross);
        }
    }

    /**
     * Splits the joined weights of one call, (batch * heads, steps, L * keys + L * encSteps), as
     * {@link #forward} returns them, into each block's self-attention (batch * heads, steps, keys)
     * and encoder-decoder attention (batch * heads, steps, encSteps).
     */
    public static AttentionWeights splitAttentionWeights(INDArray joined, int numLayers, long encSteps) {
        long selfKeys = numLayers < 1 || joined.rank() != 3 ? -1 : (joined.size(2) - numLayers * encSteps) / numLayers;
        if (selfKeys < 1 || numLayers * (selfKeys + encSteps) != joined.size(2)) {
            throw new IllegalArgumentException("cannot split attention weights of shape "
                    + Arrays.toString(joined.shape()) + " into " + numLayers + " layers of self-attention and "
                    + numLayers + " of encoder-decoder attention over " + encSteps + " source steps");
        }
        List<INDArray> self = new ArrayList<>();
        List<INDArray> cross = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            self.add(keys(joined, l * selfKeys, selfKeys));
            cross.add(keys(joined, numLayers * selfKeys + l * encSteps, encSteps));
        }
        return new AttentionWeights(self, cross);
    }

    private static INDArray keys(INDArray joined, long from, long count) {
        return joined.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, from + count))
                .dup();
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

    public List<DecoderBlock> blocks() {
        return List.copyOf(blocks);
    }

    public Linear dense() {
        return dense;
    }

    public int numHiddens() {
        return numHiddens;
    }

    public int numLayers() {
        return numLayers;
    }
}
