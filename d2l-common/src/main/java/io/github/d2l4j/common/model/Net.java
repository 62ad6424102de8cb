package io.github.d2l4j.common.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the book's {@code train_ch3} needs of a model: a forward pass, and one minibatch update
 * with its loss and updater folded in. A from-scratch model ({@link SameDiffNet}) and a DL4J
 * network ({@link Dl4jNet}) both implement it, so one training loop serves both.
 */
public interface Net {

    /** The forward pass: features (n, ...) to outputs (n, q). Parameters are not changed. */
    INDArray forward(INDArray X);

    /**
     * One minibatch step: forward, loss, backward, update.
     *
     * @param X features of the batch
     * @param y labels of the batch, as the iterator gives them (one-hot rows for classification)
     * @return the batch's summed loss and the outputs computed before the update, which is what
     *     the book's {@code train_epoch_ch3} accumulates
     */
    Step trainStep(INDArray X, INDArray y);

    /** The summed loss on a batch, without changing anything (for {@code evaluateLoss}). */
    double loss(INDArray X, INDArray y);

    /** The result of one {@link #trainStep}: the summed loss over the batch and its outputs. */
    record Step(double lossSum, INDArray yHat) {}
}
