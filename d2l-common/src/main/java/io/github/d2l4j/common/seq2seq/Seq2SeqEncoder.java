package io.github.d2l4j.common.seq2seq;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The RNN encoder of sequence to sequence learning: an embedding layer, then a multi-layer GRU
 * over the time steps. It returns the GRU's outputs (steps, batch, h) and its final state (layers,
 * batch, h), the context that the decoder starts from.
 *
 * <p>As in the book, it ignores the valid lengths: the {@code <pad>} tokens after {@code <eos>}
 * run through the GRU too, and the final state is the one after the last padding.
 *
 * <p>Defined in D2L §9.7.
 */
public class Seq2SeqEncoder extends Encoder {
    private final Embedding embedding;
    private final Gru rnn;

    public Seq2SeqEncoder(int vocabSize, int embedSize, int numHiddens, int numLayers, double dropout) {
        this.embedding = addChild("embedding", new Embedding(vocabSize, embedSize));
        this.rnn = addChild("rnn", new Gru(embedSize, numHiddens, numLayers, dropout));
    }

    /** {@code X}: (batch, steps) token indices. Returns {@code (output, state)}. */
    @Override
    public List<SDVariable> forward(SDVariable X, SDVariable validLens) {
        int numSteps = numSteps(X);
        // The output of the embedding: (batch, steps, embed); the RNN wants time first
        SDVariable emb = embedding.forward(X).permute(1, 0, 2);
        // With no state given, the GRU starts from zeros
        Gru.Output o = rnn.forward(emb, null, numSteps, isTraining());
        // output: (steps, batch, h); state: (layers, batch, h)
        return List.of(o.output(), o.state());
    }

    public Embedding embedding() {
        return embedding;
    }

    public Gru rnn() {
        return rnn;
    }
}
