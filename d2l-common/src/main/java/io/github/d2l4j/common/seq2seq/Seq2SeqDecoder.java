package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.block.Linear;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The RNN decoder of sequence to sequence learning: its state starts as the encoder's final state,
 * and at every step its GRU reads the target token's embedding concatenated with a context, the
 * top layer of the state it was given, repeated over the steps; a dense layer maps each output to
 * the vocabulary.
 *
 * <p><b>The book's quirk, reproduced.</b> The context is {@code state[-1]} of the state passed to
 * {@link #forward(SDVariable, List)}. In training the whole target goes through in one call, so the
 * context is the encoder's final top-layer state at every step. But {@code predict_seq2seq} calls
 * the decoder one token at a time with the state of the previous call, so from the second token on
 * the "context" is the decoder's own previous top-layer state, and the encoder's state reaches the
 * decoder only through its first step. The book's translations come from this model, so it stays.
 *
 * <p>Defined in D2L §9.7 (the book does not save it in its package; chapter 10 builds on it).
 */
public class Seq2SeqDecoder extends Decoder {
    private final Embedding embedding;
    private final Gru rnn;
    private final Linear dense;
    private final int vocabSize;

    public Seq2SeqDecoder(int vocabSize, int embedSize, int numHiddens, int numLayers, double dropout) {
        this.vocabSize = vocabSize;
        this.embedding = addChild("embedding", new Embedding(vocabSize, embedSize));
        this.rnn = addChild("rnn", new Gru(embedSize + numHiddens, numHiddens, numLayers, dropout));
        this.dense = addChild("dense", new Linear(numHiddens, vocabSize));
    }

    /** The encoder's final state, {@code enc_outputs[1]}: (layers, batch, h). */
    @Override
    public List<SDVariable> initState(List<SDVariable> encOutputs, SDVariable encValidLens) {
        return List.of(encOutputs.get(1));
    }

    /** {@code X}: (batch, steps) token indices. Returns the outputs (batch, steps, vocab) and the state. */
    @Override
    public Output forward(SDVariable X, List<SDVariable> state) {
        SameDiff sd = X.getSameDiff();
        int numSteps = Encoder.numSteps(X);
        int h = rnn.numHiddens();
        // The output of the embedding: (steps, batch, embed)
        SDVariable emb = embedding.forward(X).permute(1, 0, 2);
        SDVariable S = state.get(0);
        // Broadcast the context so that it has as many steps as X: state[-1] of the state passed in
        SDVariable context = sd.unstack(S, 0, rnn.numLayers())[rnn.numLayers() - 1];
        context = sd.tile(context.reshape(1, -1, h), numSteps, 1, 1);
        SDVariable XAndContext = sd.concat(2, emb, context);
        Gru.Output o = rnn.forward(XAndContext, S, numSteps, isTraining());
        SDVariable output = dense.forward(o.output().reshape(-1, h)).reshape(numSteps, -1, vocabSize);
        // output: (batch, steps, vocab); state: (layers, batch, h)
        return new Output(output.permute(1, 0, 2), List.of(o.state()));
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
