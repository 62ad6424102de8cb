package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.block.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The base decoder interface of the encoder-decoder architecture: {@link #initState} turns the
 * encoder's outputs into the decoder's state, and {@link #forward(SDVariable, List)} maps target
 * tokens and a state to outputs and a new state, so that a model can decode a whole sequence at
 * once (training, teacher forcing) or one token at a time, feeding the state back in (prediction).
 *
 * <p>A SameDiff block, as {@link Encoder} is. The state is the book's tuple, as a list of
 * variables; {@code predict_seq2seq} feeds each element back as a placeholder of the same rank and
 * data type, so a decoder may put anything there (chapter 10's Transformer keeps its key/value
 * caches in it).
 *
 * <p>Defined in D2L §9.6.
 */
public abstract class Decoder extends Block {
    private boolean training = true; // PyTorch modules start in training mode

    /**
     * What {@link #forward(SDVariable, List)} returns: the outputs, the new state and, for a
     * decoder with attention (chapter 10), this call's attention weights (null without).
     */
    public record Output(SDVariable output, List<SDVariable> state, SDVariable attentionWeights) {
        public Output(SDVariable output, List<SDVariable> state) {
            this(output, state, null);
        }

        public Output {
            // not List.copyOf: the book's state may hold None (10.4's enc_valid_lens in its demo)
            state = Collections.unmodifiableList(new ArrayList<>(state));
        }
    }

    /**
     * The book's {@code init_state(enc_outputs, *args)}: the decoder's first state from the
     * encoder's outputs; the one extra argument is the source's valid lengths.
     */
    public abstract List<SDVariable> initState(List<SDVariable> encOutputs, SDVariable encValidLens);

    /**
     * {@link #initState(List, SDVariable)} for a graph whose source has {@code numSourceSteps}
     * steps, which {@link EncoderDecoder} calls. SameDiff does not know the shape of a computed
     * variable when it builds a graph, and a decoder that attends over the encoder's outputs with
     * dropout (10.4) needs their number of steps for its dropout draws. By default the number is
     * not used.
     */
    public List<SDVariable> initState(List<SDVariable> encOutputs, SDVariable encValidLens, int numSourceSteps) {
        return initState(encOutputs, encValidLens);
    }

    /** The book's {@code forward(X, state)}: {@code X} holds token indices (batch, steps). */
    public abstract Output forward(SDVariable X, List<SDVariable> state);

    /** A decoder needs a state: use {@link #forward(SDVariable, List)}. */
    @Override
    public SDVariable forward(SDVariable X) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " needs a state: call forward(X, state) after initState");
    }

    /** PyTorch's {@code train(mode)}: graphs built afterwards train ({@code true}) or evaluate. */
    public void train(boolean mode) {
        training = mode;
    }

    /** PyTorch's {@code eval()}: {@code train(false)}. */
    public void eval() {
        train(false);
    }

    public boolean isTraining() {
        return training;
    }
}
