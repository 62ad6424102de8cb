package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.seq2seq.Embedding;
import io.github.d2l4j.common.seq2seq.Encoder;
import io.github.d2l4j.common.seq2seq.Gru;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The RNN decoder with Bahdanau attention: at every step the query is the top layer of the
 * decoder's hidden state, the keys and values are the encoder's outputs at every source position,
 * and the additive attention's output, the context, goes into the GRU together with the target
 * token's embedding,
 *
 * <p>\( \mathbf c_{t'} = \sum_{t=1}^{T} \alpha(\mathbf s_{t'-1}, \mathbf h_t) \mathbf h_t \).
 *
 * <p>As the book writes it: {@code AdditiveAttention(h, h, h, dropout)} with dropout on its weights
 * in training; the context comes <em>before</em> the embedding in the GRU's input, {@code cat(context,
 * x)} (9.7's decoder puts the embedding first); the state is {@code [enc_outputs (batch, steps, h),
 * hidden_state (layers, batch, h), enc_valid_lens]}, so that the attention masks the source's
 * padding; {@link #attentionWeights()} holds one (batch, 1, keys) variable per step, the book's
 * {@code _attention_weights}, and {@link Output#attentionWeights()} the same weights as one (batch,
 * steps, keys) variable. The attention and the GRU run once per target step, so the graph holds
 * the step loop unrolled, and the attention projects the keys again at every step, as the book's
 * does.
 *
 * <p>Defined in D2L §10.4 (the book does not save it in its package; chapter 10 builds on it).
 */
public class Seq2SeqAttentionDecoder extends AttentionDecoder {
    private final AdditiveAttention attention;
    private final Embedding embedding;
    private final Gru rnn;
    private final Linear dense;
    private final int vocabSize;
    private List<SDVariable> attentionWeights = List.of();
    // The encoder's outputs of the graph being built and their number of steps, which SameDiff
    // cannot tell from a computed variable and the attention's dropout draws need (see initState)
    private SDVariable encOutputsBuilt;
    private long numKeysBuilt = -1;

    public Seq2SeqAttentionDecoder(int vocabSize, int embedSize, int numHiddens, int numLayers, double dropout) {
        if (vocabSize <= 0 || embedSize <= 0 || numHiddens <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException("Seq2SeqAttentionDecoder needs positive sizes, got vocab " + vocabSize
                    + ", embed " + embedSize + ", hidden " + numHiddens + ", layers " + numLayers);
        }
        this.vocabSize = vocabSize;
        this.attention = addChild("attention", new AdditiveAttention(numHiddens, numHiddens, numHiddens, dropout));
        this.embedding = addChild("embedding", new Embedding(vocabSize, embedSize));
        this.rnn = addChild("rnn", new Gru(embedSize + numHiddens, numHiddens, numLayers, dropout));
        this.dense = addChild("dense", new Linear(numHiddens, vocabSize));
    }

    /**
     * The book's {@code init_state(enc_outputs, enc_valid_lens)}: the encoder's outputs turned to
     * (batch, steps, h), its final state (layers, batch, h), and the source's valid lengths (null
     * where there are none, as in the book's demo).
     */
    @Override
    public List<SDVariable> initState(List<SDVariable> encOutputs, SDVariable encValidLens) {
        SDVariable outputs = encOutputs.get(0);
        SDVariable hiddenState = encOutputs.get(1);
        // Arrays.asList: the valid lengths may be null
        return Arrays.asList(outputs.permute(1, 0, 2), hiddenState, encValidLens);
    }

    /**
     * {@link #initState(List, SDVariable)}, remembering that the graph's source has {@code
     * numSourceSteps} steps: the number of keys of every step's attention, which its dropout draws
     * need when the graph trains.
     */
    @Override
    public List<SDVariable> initState(List<SDVariable> encOutputs, SDVariable encValidLens, int numSourceSteps) {
        List<SDVariable> state = initState(encOutputs, encValidLens);
        encOutputsBuilt = state.get(0);
        numKeysBuilt = numSourceSteps;
        return state;
    }

    /**
     * The book's {@code forward(X, state)}: {@code X} (batch, steps) token indices, {@code state}
     * from {@link #initState} or from the previous call. Returns the outputs (batch, steps,
     * vocab), the new state and the attention weights (batch, steps, keys).
     */
    @Override
    public Output forward(SDVariable X, List<SDVariable> state) {
        if (state.size() != 3) {
            throw new IllegalArgumentException("Seq2SeqAttentionDecoder needs the state [enc_outputs, hidden_state,"
                    + " enc_valid_lens], got " + state.size() + " elements");
        }
        SameDiff sd = X.getSameDiff();
        int numSteps = Encoder.numSteps(X);
        int numLayers = rnn.numLayers();
        SDVariable encOutputs = state.get(0);
        SDVariable hiddenState = state.get(1);
        SDVariable encValidLens = state.get(2);
        long numKeys = encOutputs == encOutputsBuilt ? numKeysBuilt : Shapes.staticSize(encOutputs, 1);
        // The output of the embedding: (steps, batch, embed), one step at a time
        SDVariable[] xs = sd.unstack(embedding.forward(X).permute(1, 0, 2), 0, numSteps);
        List<SDVariable> outputs = new ArrayList<>();
        List<SDVariable> weights = new ArrayList<>();
        for (SDVariable x : xs) {
            // query: the top layer of the hidden state, (batch, 1, h)
            SDVariable query = sd.expandDims(sd.unstack(hiddenState, 0, numLayers)[numLayers - 1], 1);
            // context: (batch, 1, h)
            SDVariable context = attention.forward(query, encOutputs, encOutputs, encValidLens, 1, numKeys);
            // the context first, then the embedding, on the feature axis: (batch, 1, h + embed)
            SDVariable input = sd.concat(2, context, sd.expandDims(x, 1));
            // one GRU step, time-major: (1, batch, h + embed)
            Gru.Output o = rnn.forward(input.permute(1, 0, 2), hiddenState, 1, isTraining());
            hiddenState = o.state();
            outputs.add(o.output());
            weights.add(attention.attentionWeights());
        }
        attentionWeights = List.copyOf(weights);
        // the fully connected layer on every step at once: (steps * batch, h) -> (steps, batch, vocab)
        SDVariable out = dense.forward(
                        sd.concat(0, outputs.toArray(SDVariable[]::new)).reshape(-1, rnn.numHiddens()))
                .reshape(numSteps, -1, vocabSize);
        SDVariable stepWeights = sd.concat(1, weights.toArray(SDVariable[]::new));
        return new Output(out.permute(1, 0, 2), Arrays.asList(encOutputs, hiddenState, encValidLens), stepWeights);
    }

    @Override
    public List<SDVariable> attentionWeights() {
        return attentionWeights;
    }

    /** PyTorch's {@code train(mode)}, for the decoder and its attention (whose dropout it decides). */
    @Override
    public void train(boolean mode) {
        super.train(mode);
        attention.train(mode);
    }

    public AdditiveAttention attention() {
        return attention;
    }

    public Embedding embedding() {
        return embedding;
    }

    public Gru rnn() {
        return rnn;
    }

    public Linear dense() {
        return dense;
    }
}
