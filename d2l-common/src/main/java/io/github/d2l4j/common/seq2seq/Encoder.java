package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.block.Block;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The base encoder interface of the encoder-decoder architecture: it reads a variable-length
 * input sequence and turns it into {@code enc_outputs}, whatever the decoder's {@link
 * Decoder#initState} needs (for 9.7's RNN encoder, its outputs and its final state).
 *
 * <p>A SameDiff block: {@link #forward(SDVariable, SDVariable)} adds the encoder's computation to
 * the graph of {@code X} and returns the book's tuple as a list. Like a PyTorch module it has a
 * training mode ({@link #train}), which decides whether dropout is part of the graphs built after
 * the call.
 *
 * <p>Defined in D2L §9.6.
 */
public abstract class Encoder extends Block {
    private boolean training = true; // PyTorch modules start in training mode

    /**
     * The book's {@code forward(X, *args)}: {@code X} holds token indices (batch, steps); the one
     * extra argument the book ever passes is {@code validLens}, the valid length of each sequence
     * (null where there is none).
     */
    public abstract List<SDVariable> forward(SDVariable X, SDVariable validLens);

    /** The encoder's first output ({@code enc_outputs[0]}) for {@code X} without valid lengths. */
    @Override
    public SDVariable forward(SDVariable X) {
        return forward(X, null).get(0);
    }

    /**
     * The number of steps of {@code X}, a (batch, steps) placeholder of token indices: SameDiff
     * graphs are unrolled over a number of steps fixed when they are built.
     */
    public static int numSteps(SDVariable X) {
        long[] shape = X.getShape();
        if (shape == null || shape.length != 2 || shape[1] < 1) {
            throw new IllegalArgumentException("expected token indices as a (batch, steps) placeholder with a fixed"
                    + " number of steps, got " + X.name() + " of shape " + java.util.Arrays.toString(shape));
        }
        return Math.toIntExact(shape[1]);
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
