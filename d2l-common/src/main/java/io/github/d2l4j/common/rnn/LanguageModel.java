package io.github.d2l4j.common.rnn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A character-level language model as chapter 8's {@code train_ch8} and {@code predict_ch8} use
 * it: the from-scratch {@link RNNModelScratch} and the concise {@link RNNModel} alike.
 *
 * <p>The book's models are functions of {@code (X, state)} that return {@code (Y, state)}, and
 * {@code train_epoch_ch8} keeps the state. Here the model keeps its state, because a DL4J
 * network does (in its recurrent layers): {@link #beginState} is the book's {@code
 * begin_state}, and every call moves the state on to the last time step of the batch. The
 * gradient never flows back past the start of the current minibatch, which is the book's {@code
 * state.detach_()}.
 *
 * <p>Token indices come in (batch, numSteps) arrays, as {@code SeqDataLoader} yields them.
 * Outputs are logits (or log-probabilities, which have the same argmax and softmax) in the book's
 * layout, (numSteps * batch, vocab), time-major: row {@code t
 * * batch + i} is sequence {@code i} at step {@code t}.
 */
public interface LanguageModel {

    /** The number of tokens the model reads and predicts. */
    int vocabSize();

    /** Starts every sequence of a batch of {@code batchSize} from a zero state. */
    void beginState(int batchSize);

    /** The logits for each step of {@code X} (batch, numSteps), moving the state on; no training. */
    INDArray predict(INDArray X);

    /**
     * Forward and backward on one minibatch from the current state: the mean cross-entropy of the
     * predictions of {@code X} against {@code Y} (both (batch, numSteps)), whose gradients {@link
     * #gradients} then holds. The state moves on to the batch's last step.
     *
     * @return the mean cross-entropy per token, the book's {@code l}
     */
    double forwardBackward(INDArray X, INDArray Y);

    /**
     * The gradients of the last {@link #forwardBackward}, one array per parameter, in the book's
     * units: of the mean loss per token (where one parameter stands for several of PyTorch's, a
     * model may scale its gradient so that the norm is PyTorch's: {@link RNNModel#gradients}).
     * Changing them (as {@code gradClipping} does) changes what {@link #update} applies.
     */
    List<INDArray> gradients();

    /** One step of the model's optimiser with the gradients as they are now. */
    void update();
}
