package io.github.d2l4j.common.rnn;

import org.deeplearning4j.nn.api.Layer;

/**
 * A DL4J recurrent layer whose gradient is right when its forward pass starts from a state
 * carried over from the previous minibatch, the book's {@code state.detach_()}.
 *
 * <p>{@link RNNModel} takes only such layers: M2.1's own {@code SimpleRnn}, {@code LSTM} and
 * {@code GravesLSTM} back-propagate a carried state as if it were zero, and its {@code
 * Bidirectional} wrapper refuses truncated BPTT. A layer that implements this interface promises
 * that its gradient matches central differences with a carried state, and has a test that shows
 * it.
 */
public interface CarriedStateRnn {

    /**
     * Draws {@code layer}'s parameters (this configuration, instantiated) as the PyTorch layer
     * that the book uses does by default, from ND4J's random generator.
     */
    void torchInit(Layer layer);
}
