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

    /**
     * How many of the PyTorch layer's bias vectors this layer's one bias {@code "b"} stands for: 2
     * where DL4J's layer folds PyTorch's \( b_{ih} + b_{hh} \) into one ({@code nn.RNN}, {@code
     * nn.LSTM}: {@link TbpttSimpleRnn}, {@link TbpttLstm}), 1 where it keeps them apart ({@link
     * TbpttGru}) or PyTorch's layer has one. PyTorch gives each of the k biases the same gradient
     * \( g \), so its gradient norm counts \( k|g|^2 \) and SGD moves their sum by \( k \cdot lr
     * \cdot g \): {@link RNNModel} and {@link BiRNNModel} scale the folded bias's gradient to take
     * that step ({@link RNNModel#update}).
     */
    default int foldedTorchBiases() {
        return 1;
    }
}
